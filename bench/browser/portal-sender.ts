import type { CDPSession, Page } from 'playwright-core';
import type { GuardBrowser } from '../../tests/e2e/harness';

/** Sends CSV Guard's messages to the background as if from a portal tab. */
export interface PortalSender {
  send<T = unknown>(type: string, data?: unknown): Promise<T>;
  /** The file checked the way the page checks it (slices, then 'check-upload'); the reply's data. */
  check<T = unknown>(fileName: string, text: string): Promise<T>;
  close(): Promise<void>;
}

interface Reply {
  ok: boolean;
  data?: unknown;
  error?: string;
}

/**
 * Messages sent from the content script's isolated world of an Upload Users page, found through the
 * DevTools protocol by the extension's origin. An upload slot must be taken from a portal tab: the
 * background lets a preparing slot go when it cannot see its tab's address on the portal, and Chromium
 * 150 shows an extension without the "tabs" permission no address for its own pages.
 */
export async function openPortalSender(guard: GuardBrowser): Promise<PortalSender> {
  const page: Page = await guard.openUploadPage();
  const cdp: CDPSession = await guard.context.newCDPSession(page);
  const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => worlds.push(event.context));
  await cdp.send('Runtime.enable');
  const guardWorld = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin === `chrome-extension://${guard.extensionId}`);
  if (!guardWorld) throw new Error("The content script's world was not found on the Upload Users page.");

  async function send<T>(type: string, data: unknown = {}): Promise<T> {
    const message = JSON.stringify({ channel: 'csv-guard', type, data });
    const answer = await cdp.send('Runtime.evaluate', {
      contextId: guardWorld!.id,
      expression: `chrome.runtime.sendMessage(${message})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (answer.exceptionDetails) throw new Error(`Sending "${type}" from the portal page failed: ${answer.exceptionDetails.text}`);
    const reply = answer.result.value as Reply | undefined;
    if (!reply) throw new Error(`No reply from the background to "${type}".`);
    if (!reply.ok) throw new Error(`Background refused "${type}": ${reply.error ?? 'no error text'}`);
    return reply.data as T;
  }

  return {
    send,
    async check<T>(fileName: string, text: string): Promise<T> {
      const checkId = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const SLICE = 256 * 1024;
      const count = Math.max(1, Math.ceil(text.length / SLICE));
      for (let index = 0; index < count; index++) {
        await send('check-upload-part', { checkId, index, count, text: text.slice(index * SLICE, (index + 1) * SLICE) });
      }
      return send<T>('check-upload', { checkId, fileName, encoding: 'utf-8', partCount: count });
    },
    async close() {
      await cdp.detach().catch(() => undefined);
      await page.close();
    },
  };
}
