import type { CDPSession, Page } from 'playwright-core';
import { checkInParts, replyData, type BackgroundReply, type GuardBrowser } from '../../tests/e2e/harness';
import { contentScriptWorld } from './content-script-world';

/** Sends CSV Guard's messages to the background as if from a portal tab. */
export interface PortalSender {
  send<T = unknown>(type: string, data?: unknown): Promise<T>;
  /** The file checked the way the page checks it (slices, then 'check-upload'); the reply's data. */
  check<T = unknown>(fileName: string, text: string): Promise<T>;
  close(): Promise<void>;
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
  const world = await contentScriptWorld(cdp, guard.extensionId);

  async function send<T>(type: string, data: unknown = {}): Promise<T> {
    const message = JSON.stringify({ channel: 'csv-guard', type, data });
    const answer = await cdp.send('Runtime.evaluate', {
      contextId: world,
      expression: `chrome.runtime.sendMessage(${message})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (answer.exceptionDetails) throw new Error(`Sending "${type}" from the portal page failed: ${answer.exceptionDetails.text}`);
    return replyData<T>(type, answer.result.value as BackgroundReply);
  }

  return {
    send,
    check: (fileName, text) => checkInParts(send, fileName, text),
    async close() {
      await cdp.detach().catch(() => undefined);
      await page.close();
    },
  };
}
