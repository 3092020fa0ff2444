import { browser } from 'wxt/browser';

/** Send a message to the background worker (and every open extension page); resolves with the first answer. */
export function sendToExtension(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Calls `listener` for every message sent within the extension; returns the unsubscribe. */
export function onExtensionMessage(listener: (message: unknown) => undefined): () => void {
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** A long-lived port to the background, for work that reports progress (the report import). */
export function connectToBackground(name: string): ReturnType<typeof browser.runtime.connect> {
  return browser.runtime.connect({ name });
}

/** The address every extension page starts with, e.g. `chrome-extension://<id>/`. */
export function extensionBaseUrl(): string {
  return browser.runtime.getURL('/');
}

/** The options page, where reports are imported and settings changed. */
export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}
