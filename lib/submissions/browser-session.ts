import type { KeyValueArea } from '../browser/key-value-area';

/**
 * An id for the current browser session, kept in storage.session: it survives the worker being
 * stopped but not the browser being closed. A preparing slot granted in an earlier session belongs to
 * a tab that no longer exists (tab ids are reused after a restart), so it is released.
 */
const KEY = 'submissions.sessionId';

/** Without a session area (older Firefox) there is no id, and the tab checks alone decide. */
export function createBrowserSession(area: KeyValueArea | undefined): () => Promise<string | undefined> {
  return async () => {
    if (!area) return undefined;
    try {
      const stored = await area.get(KEY);
      if (typeof stored === 'string') return stored;
      const id = crypto.randomUUID();
      await area.set(KEY, id);
      return id;
    } catch {
      return undefined;
    }
  };
}
