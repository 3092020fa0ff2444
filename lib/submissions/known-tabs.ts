import type { KeyValueArea } from '../browser/key-value-area';

/**
 * Tabs that have asked about the slot, kept in an area (storage.local in the extension) so a restarted
 * worker can still tell them when it changes. Messaging a tab by id needs no `tabs` permission.
 */
const KEY = 'submissions.knownTabs';

export interface KnownTabs {
  list(): Promise<number[]>;
  remember(tabId: number): Promise<void>;
  forget(tabIds: readonly number[]): Promise<void>;
}

export function createKnownTabs(area: KeyValueArea): KnownTabs {
  async function list(): Promise<number[]> {
    const stored = await area.get(KEY);
    return Array.isArray(stored) ? stored.filter((id): id is number => typeof id === 'number') : [];
  }
  return {
    list,
    async remember(tabId) {
      const tabs = await list();
      if (!tabs.includes(tabId)) await area.set(KEY, [...tabs, tabId]);
    },
    async forget(tabIds) {
      if (tabIds.length === 0) return;
      const tabs = await list();
      const kept = tabs.filter((id) => !tabIds.includes(id));
      if (kept.length !== tabs.length) await area.set(KEY, kept);
    },
  };
}
