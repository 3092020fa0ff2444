import { browser } from 'wxt/browser';

/**
 * An id for the current browser session, kept in storage.session: it survives the worker being
 * stopped but not the browser being closed. A preparing slot granted in an earlier session belongs to
 * a tab that no longer exists (tab ids are reused after a restart), so it is released.
 */
const KEY = 'submissions.sessionId';

export async function currentBrowserSession(): Promise<string | undefined> {
  const area = (browser.storage as { session?: typeof browser.storage.local }).session;
  if (!area) return undefined; // older Firefox: fall back to the tab checks alone
  try {
    const stored = (await area.get(KEY))[KEY];
    if (typeof stored === 'string') return stored;
    const id = crypto.randomUUID();
    await area.set({ [KEY]: id });
    return id;
  } catch {
    return undefined;
  }
}
