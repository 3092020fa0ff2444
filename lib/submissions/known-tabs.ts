import { browser } from 'wxt/browser';

/**
 * Tabs that have asked about the slot, kept in storage.local so a restarted worker can still tell
 * them when it changes. Messaging a tab by id needs no `tabs` permission.
 */
const KEY = 'submissions.knownTabs';

export async function listKnownTabs(): Promise<number[]> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter((id): id is number => typeof id === 'number') : [];
}

export async function rememberTab(tabId: number): Promise<void> {
  const tabs = await listKnownTabs();
  if (tabs.includes(tabId)) return;
  await browser.storage.local.set({ [KEY]: [...tabs, tabId] });
}

export async function forgetTabs(tabIds: readonly number[]): Promise<void> {
  if (tabIds.length === 0) return;
  const tabs = await listKnownTabs();
  const kept = tabs.filter((id) => !tabIds.includes(id));
  if (kept.length !== tabs.length) await browser.storage.local.set({ [KEY]: kept });
}
