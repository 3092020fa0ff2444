import { createSubmissionTracker, type SubmissionTracker } from './tracker';
import type { SlotStatus } from './types';

/**
 * The background's one tracker. One instance per worker, so every caller (message handlers, the check
 * pipeline, alarms, tab events) shares the same lock.
 */
export const submissionTracker: SubmissionTracker = createSubmissionTracker();

/** The slot as seen from a tab (or from an extension page when no tab id is given). */
export function getSlotStatus(tabId?: number): Promise<SlotStatus> {
  return submissionTracker.status(tabId !== undefined ? { tabId } : {});
}
