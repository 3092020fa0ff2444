import type { ToolbarBadge } from '../browser/toolbar';
import type { SlotChangedEvent } from '../messaging/events';
import { slotStatusFor } from './slot-rules';
import type { KnownTabs } from './known-tabs';
import type { Submission } from './types';

/** Toolbar badge for the slot: pure, so its wording is tested. */
export function badgeFor(holder: Submission | undefined): { text: string; title: string } {
  if (!holder) return { text: '', title: 'CSV Guard: no upload in progress' };
  if (holder.state === 'preparing') {
    return { text: '1', title: `CSV Guard: "${holder.fileName}" is about to be uploaded in one tab. Other uploads are held.` };
  }
  const since = holder.processingAt ?? holder.createdAt;
  return {
    text: '⏳',
    title: `CSV Guard: the portal is processing "${holder.fileName}" (uploaded ${formatClock(since)}). Other uploads are held until its results arrive or you mark it as finished.`,
  };
}

export function formatClock(time: number): string {
  return new Date(time).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' });
}

/** Where the slot is shown: entrypoints/background.ts passes the browser's, tests their own. */
export interface SlotIndicatorDeps {
  /** The toolbar button; none in a context without one. */
  badge: ToolbarBadge | undefined;
  /** Every open extension page (popup, options); rejects when none is open. */
  sendToPages: (event: SlotChangedEvent) => Promise<unknown>;
  /** One tab's content script; rejects when nothing there listens. */
  sendToTab: (tabId: number, event: SlotChangedEvent) => Promise<void>;
  knownTabs: KnownTabs;
}

/** The badge and the slot-changed broadcast, which the tracker calls after every change. */
export function createSlotIndicators(deps: SlotIndicatorDeps) {
  async function showBadge(holder: Submission | undefined): Promise<void> {
    const action = deps.badge;
    if (!action) return;
    const { text, title } = badgeFor(holder);
    try {
      await action.setBadgeText({ text });
      await action.setTitle({ title });
      if (text) await action.setBadgeBackgroundColor?.({ color: holder?.state === 'processing' ? '#005EB8' : '#425563' });
    } catch {
      // A badge that cannot be drawn must never stop the slot from working.
    }
  }

  /**
   * Tell every extension page and every tab that has asked about the slot. Each tab gets the status as
   * it sees it (`yours`). Tabs that no longer answer are forgotten.
   */
  async function broadcast(holder: Submission | undefined): Promise<void> {
    const pageEvent: SlotChangedEvent = { type: 'slot-changed', slot: slotStatusFor(holder, undefined) };
    const toPages = Promise.resolve()
      .then(() => deps.sendToPages(pageEvent))
      .catch(() => undefined); // no extension page open: nobody to tell
    const tabs = await deps.knownTabs.list();
    const gone: number[] = [];
    await Promise.all(
      tabs.map(async (tabId) => {
        const event: SlotChangedEvent = { type: 'slot-changed', slot: slotStatusFor(holder, tabId) };
        try {
          await deps.sendToTab(tabId, event);
        } catch {
          gone.push(tabId);
        }
      }),
    );
    await toPages;
    await deps.knownTabs.forget(gone);
  }

  return {
    showBadge,
    announce: async (holder: Submission | undefined) => void (await Promise.all([showBadge(holder), broadcast(holder)])),
  };
}
