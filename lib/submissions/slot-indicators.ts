import { browser } from 'wxt/browser';
import type { SlotChangedEvent } from '../messaging/submissions-protocol';
import { slotStatusFor } from './slot-rules';
import { forgetTabs, listKnownTabs } from './known-tabs';
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

type ActionLike = {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setTitle(details: { title: string }): Promise<void> | void;
  setBadgeBackgroundColor?(details: { color: string }): Promise<void> | void;
};

/** Chrome MV3 has `action`; Firefox MV2 has `browserAction`. */
function toolbarAction(): ActionLike | undefined {
  const b = browser as unknown as { action?: ActionLike; browserAction?: ActionLike };
  return b.action ?? b.browserAction;
}

export async function showSlotOnBadge(holder: Submission | undefined): Promise<void> {
  const action = toolbarAction();
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
export async function broadcastSlot(holder: Submission | undefined): Promise<void> {
  const pageEvent: SlotChangedEvent = { type: 'slot-changed', slot: slotStatusFor(holder, undefined) };
  const toPages = Promise.resolve()
    .then(() => browser.runtime.sendMessage(pageEvent))
    .catch(() => undefined); // no extension page open: nobody to tell
  const tabs = await listKnownTabs();
  const gone: number[] = [];
  await Promise.all(
    tabs.map(async (tabId) => {
      const event: SlotChangedEvent = { type: 'slot-changed', slot: slotStatusFor(holder, tabId) };
      try {
        await browser.tabs.sendMessage(tabId, event);
      } catch {
        gone.push(tabId);
      }
    }),
  );
  await toPages;
  await forgetTabs(gone);
}

export async function announceSlot(holder: Submission | undefined): Promise<void> {
  await Promise.all([showSlotOnBadge(holder), broadcastSlot(holder)]);
}
