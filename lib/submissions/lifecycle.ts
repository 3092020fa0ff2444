import { submissionTracker } from './slot';
import type { SlotStatus } from './types';

/** Time- and tab-driven transitions of the submission tracker, called by the background. */

/** Hourly: processing submissions without results after the configured time become expired. */
export async function expireSubmissions(now: number = Date.now()): Promise<void> {
  await submissionTracker.expire(now);
}

/** A tab closed: a preparing slot it held is released (a processing one is not). */
export async function releaseSlotForClosedTab(tabId: number): Promise<void> {
  await submissionTracker.releaseForClosedTab(tabId);
}

/**
 * On worker start-up: drop a preparing slot left by a closed browser and redraw the toolbar badge
 * (Chrome forgets badge text when the browser restarts; the persisted slot does not).
 */
export function restoreSlotIndicators(): Promise<SlotStatus> {
  return submissionTracker.refreshIndicators();
}
