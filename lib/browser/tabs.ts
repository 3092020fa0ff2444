import { browser } from 'wxt/browser';

/** A browser tab as the background sees it: undefined when it no longer exists. */
export async function probeTab(tabId: number): Promise<{ url?: string } | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    return tab ? { ...(tab.url !== undefined ? { url: tab.url } : {}) } : undefined;
  } catch {
    return undefined; // "No tab with id": it was closed
  }
}

/** Send a message to the content script of one tab; rejects when nothing there listens. */
export async function sendToTab(tabId: number, message: unknown): Promise<void> {
  await browser.tabs.sendMessage(tabId, message);
}

/** Open one of the extension's own pages in a new tab, e.g. `/popup.html?view=tab`. */
export async function openExtensionTab(path: Parameters<typeof browser.runtime.getURL>[0]): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}
