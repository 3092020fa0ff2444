import { z } from 'zod';
import type { HistoryEntry } from '../submissions/history-entry';
import type { SlotStatus, SlotSubmission } from '../submissions/types';
import type { MessageSpecs } from './message-spec';

/**
 * Ask for the slot for a file the background has checked: it takes the file's name, fingerprint, header
 * and local IDs from its own copy of that check.
 */
export interface SlotRequestForCheck {
  checkId: string;
}

/**
 * What a slot request ('slot-acquire', 'slot-take-over') answers, with the slot as the asking tab sees it
 * whenever the slot was not granted:
 * - `granted`: this tab holds the slot for this file;
 * - `refused`: another upload holds it;
 * - `recheck`: the submission history changed since the file was checked (an upload ended, with failures
 *   perhaps): the page must check the file again before it may upload it;
 * - `check-unknown`: the worker has lost the check (it was stopped since): the page sends the file again.
 */
export type SlotAnswer = { outcome: 'granted'; submission: SlotSubmission } | { outcome: 'refused' | 'recheck' | 'check-unknown'; slot: SlotStatus };

export interface SubmissionsProtocol {
  /** The slot as seen by the asking tab (sender tab id is used to say "yours"). */
  'slot-status': {
    request: Record<string, never>;
    response: SlotStatus;
  };
  /**
   * Atomic across tabs: two tabs asking at once get one yes and one no. The same tab asking again with
   * the same file gets the same submission back; with a different file, the new one replaces it.
   * The file's details (fingerprint, local IDs, predicted updates) never pass through the page.
   */
  'slot-acquire': {
    request: SlotRequestForCheck;
    response: SlotAnswer;
  };
  /**
   * "Upload from this tab instead": another tab claimed the slot at Validate but has not clicked Upload.
   * The claim moves to the asking tab (the other tab hears of it in the slot-changed broadcast). A slot
   * whose Upload was clicked, or that is processing, is never moved: the answer is then as slot-acquire's.
   */
  'slot-take-over': {
    request: SlotRequestForCheck;
    response: SlotAnswer;
  };
  /** The tab gave up before uploading (file changed, navigated away). Only a `preparing` slot is released. */
  'slot-release': {
    request: { submissionId: string };
    response: { released: boolean };
  };
  /**
   * The tab let the Upload click through (send it before the click reaches the portal, or right after).
   * If the tab then closes before the portal confirms, the submission is kept as processing
   * (unconfirmed) instead of being released: the file may be in the portal.
   */
  'submission-upload-clicked': {
    request: { submissionId: string };
    response: SlotSubmission;
  };
  /** The portal confirmed the upload: the submission is now in flight. */
  'submission-processing': {
    request: { submissionId: string };
    response: SlotSubmission;
  };
  /** The admin says the portal has finished (popup "Mark as finished"). */
  'submission-finish': {
    request: { submissionId: string };
    response: HistoryEntry;
  };
  /** The submission history, as the popup lists and exports it (the files' own details stay in the background). */
  'history-list': {
    request: Record<string, never>;
    response: { submissions: HistoryEntry[] };
  };
}

const id = z.string().min(1).max(100);
const bySubmission = z.strictObject({ submissionId: id });

/**
 * The page's slot messages come from the Upload Users tab; finishing an upload by hand and the
 * history are the popup's alone.
 */
export const SUBMISSIONS_MESSAGES: Readonly<MessageSpecs<SubmissionsProtocol>> = {
  'slot-status': { from: 'page', request: z.strictObject({}) },
  'slot-acquire': { from: 'page', request: z.strictObject({ checkId: id }) },
  'slot-take-over': { from: 'page', request: z.strictObject({ checkId: id }) },
  'slot-release': { from: 'page', request: bySubmission },
  'submission-upload-clicked': { from: 'page', request: bySubmission },
  'submission-processing': { from: 'page', request: bySubmission },
  'submission-finish': { from: 'extension', request: bySubmission },
  'history-list': { from: 'extension', request: z.strictObject({}) },
};
