import { isInFlight, markProcessing, markUploadClicked, startPreparing, type PreparingContext } from './transitions';
import type { SlotRequest, SlotStatus, SlotSubmission, Submission } from './types';

/**
 * Pure decisions about the single upload slot. At most one submission in state preparing or
 * processing holds it; the tracker runs these inside its lock and persists what they decide.
 */

/** The submission holding the slot, if any. Should two ever be in flight, the processing one wins. */
export function findHolder(submissions: readonly Submission[]): Submission | undefined {
  const inFlight = submissions.filter(isInFlight);
  inFlight.sort((a, b) => rank(b) - rank(a) || b.updatedAt - a.updatedAt);
  return inFlight[0];
}

function rank(s: Submission): number {
  return s.state === 'processing' ? 1 : 0;
}

/** The slot as one tab sees it. */
export function slotStatusFor(holder: Submission | undefined, tabId: number | undefined): SlotStatus {
  if (!holder || !isInFlight(holder)) return { state: 'free' };
  return {
    state: 'held',
    submission: slotSubmission(holder),
    yours: tabId !== undefined && holder.tabId === tabId && holder.state === 'preparing',
  };
}

/** The part of a submission a portal tab is told (SlotSubmission). */
export function slotSubmission(s: Submission): SlotSubmission {
  const { id, state, fileName, createdAt, processingAt, tabId, rowCount, uploadClickedAt, note } = s;
  return {
    id,
    state,
    fileName,
    createdAt,
    rowCount,
    ...(processingAt !== undefined ? { processingAt } : {}),
    ...(tabId !== undefined ? { tabId } : {}),
    ...(uploadClickedAt !== undefined ? { uploadClickedAt } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

export type AcquireDecision =
  { granted: true; submission: Submission; replaces?: Submission } | { granted: false; slot: SlotStatus; recheck?: boolean };

/**
 * What of the history can change a check's `resubmission` findings: every submission that was uploaded
 * (processing or ended) and its outcome. Preparing claims are left out: nothing of theirs was uploaded.
 */
export function historyStamp(submissions: readonly Submission[]): string {
  return submissions
    .filter((s) => s.state !== 'preparing')
    .map((s) => `${s.id}:${s.state}:${s.outcome ? `${s.outcome.failed}/${s.outcome.unknown}` : ''}`)
    .sort()
    .join('|');
}

/** A claim whose Upload was let through is in flight whatever its state says: it is never granted or moved again. */
function uploadWasClicked(s: Submission): boolean {
  return s.uploadClickedAt !== undefined || s.state !== 'preparing';
}

/**
 * A tab asks to upload a file. Free → granted. Held by the same tab, still preparing → the same file
 * keeps its submission; a different file (the admin changed it) replaces it. Anything else (another tab, or already processing) → no.
 */
export function decideAcquire(holder: Submission | undefined, request: SlotRequest, context: PreparingContext, now: number): AcquireDecision {
  const next = startPreparing(request, context, now);
  if (!holder) return { granted: true, submission: next };
  if (!uploadWasClicked(holder) && context.tabId !== undefined && holder.tabId === context.tabId) {
    // Validate then Upload with the same file asks twice: keep the same submission (and its id).
    const sameFile = holder.fingerprint === request.fingerprint && holder.fileName === request.fileName && holder.rowCount === request.rowCount;
    if (sameFile)
      return { granted: true, submission: { ...holder, updatedAt: now, ...(context.pageUrl !== undefined ? { pageUrl: context.pageUrl } : {}) } };
    return { granted: true, submission: next, replaces: holder };
  }
  return { granted: false, slot: slotStatusFor(holder, context.tabId) };
}

/**
 * "Upload from this tab instead": a claim another tab made at Validate, with no Upload clicked there,
 * moves to the asking tab. Anything else is decided as an ordinary request.
 */
export function decideTakeOver(holder: Submission | undefined, request: SlotRequest, context: PreparingContext, now: number): AcquireDecision {
  if (!holder || uploadWasClicked(holder) || holder.tabId === context.tabId) return decideAcquire(holder, request, context, now);
  return { granted: true, submission: startPreparing(request, context, now), replaces: holder };
}

export const UNCONFIRMED_NOTE =
  'Upload was clicked but the portal has not confirmed it yet. It may have been uploaded: check the portal, then reconcile its results email or mark it as finished.';

/**
 * The page let the Upload click through: from that moment the file is in flight (processing,
 * unconfirmed). The portal's success notice only confirms it (markProcessing drops the note).
 */
export function markUploadLetThrough(submission: Submission, now: number): Submission {
  if (submission.state !== 'preparing') return submission;
  return { ...markProcessing(markUploadClicked(submission, now), now), note: UNCONFIRMED_NOTE };
}

/** What is known about the tab that holds a preparing slot. */
export interface HolderTabFacts {
  /** false when the tab no longer exists. */
  tabExists: boolean;
  /** The tab's address now; undefined when the browser will not tell (the tab left the portal). */
  tabUrl?: string;
  /** The current browser session. */
  sessionId?: string;
  now: number;
  /** A preparing slot untouched for longer than this is given up. */
  maxPreparingMs: number;
}

export type StaleReason = 'tab-closed' | 'navigated-away' | 'browser-restarted' | 'idle';

/**
 * Why a preparing slot should be released although its tab never said so; undefined when it still stands.
 * A processing submission is never stale here: the portal is still working on it.
 */
export function preparingStaleReason(holder: Submission, facts: HolderTabFacts): StaleReason | undefined {
  if (holder.state !== 'preparing') return undefined;
  if (holder.sessionId !== undefined && facts.sessionId !== undefined && holder.sessionId !== facts.sessionId) return 'browser-restarted';
  if (holder.tabId !== undefined && !facts.tabExists) return 'tab-closed';
  if (holder.tabId !== undefined && holder.pageUrl !== undefined && !samePage(holder.pageUrl, facts.tabUrl)) return 'navigated-away';
  if (facts.now - holder.updatedAt > facts.maxPreparingMs) return 'idle';
  return undefined;
}

/** Same document, ignoring the hash: the portal's admin area is one page with hash routes. */
function samePage(recorded: string, current: string | undefined): boolean {
  if (current === undefined) return false;
  try {
    const a = new URL(recorded);
    const b = new URL(current);
    return a.origin === b.origin && a.pathname.toLowerCase() === b.pathname.toLowerCase();
  } catch {
    return recorded.split('#')[0] === current.split('#')[0];
  }
}
