import type { SlotRequest, Submission, SubmissionOutcome, SubmissionState } from './types';

/**
 * The submission state machine. Every transition is a pure function: it takes a submission and the
 * time, and returns the next submission (never mutating the one given). The background only persists
 * and broadcasts what these return.
 */

/** Thrown when a transition does not apply to the submission's current state. */
export class TransitionError extends Error {
  constructor(
    message: string,
    readonly from: SubmissionState,
  ) {
    super(message);
  }
}

/** States that hold the upload slot. */
export const IN_FLIGHT_STATES: readonly SubmissionState[] = ['preparing', 'processing'];

export function isInFlight(submission: Pick<Submission, 'state'>): boolean {
  return submission.state === 'preparing' || submission.state === 'processing';
}

export function hasEnded(submission: Pick<Submission, 'state'>): boolean {
  return !isInFlight(submission);
}

export interface PreparingContext {
  id: string;
  tabId?: number;
  pageUrl?: string;
  sessionId?: string;
}

/** A tab was allowed to upload this file: the slot is held from now on. */
export function startPreparing(request: SlotRequest, context: PreparingContext, now: number): Submission {
  return {
    id: context.id,
    state: 'preparing',
    fileName: request.fileName,
    fingerprint: request.fingerprint,
    rowCount: request.rowCount,
    header: [...request.header],
    localIds: [...request.localIds],
    ...(request.predictedUpdateLocalIds ? { predictedUpdateLocalIds: [...request.predictedUpdateLocalIds] } : {}),
    ...(request.predictedUpdateRowHashes ? { predictedUpdateRowHashes: [...request.predictedUpdateRowHashes] } : {}),
    ...(request.predictedCreates ? { predictedCreates: request.predictedCreates.map((c) => ({ ...c })) } : {}),
    ...(request.predictedDuplicates?.length
      ? { predictedDuplicates: request.predictedDuplicates.map((d) => ({ ...d, existing: { ...d.existing } })) }
      : {}),
    ...(context.tabId !== undefined ? { tabId: context.tabId } : {}),
    ...(context.pageUrl !== undefined ? { pageUrl: context.pageUrl } : {}),
    ...(context.sessionId !== undefined ? { sessionId: context.sessionId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The tab let the Upload click through to the portal. Still preparing (the portal has not confirmed),
 * but from now on the file may be in the portal: losing the tab no longer means "never uploaded".
 */
export function markUploadClicked(submission: Submission, now: number): Submission {
  if (submission.state !== 'preparing' || submission.uploadClickedAt !== undefined) return submission;
  return { ...submission, uploadClickedAt: now, updatedAt: now };
}

/**
 * A preparing submission whose tab went away after Upload was clicked but before the portal confirmed
 * it. It may be in the portal, so it is treated as processing, with a note saying it is unconfirmed.
 */
export function markProcessingUnconfirmed(submission: Submission, now: number): Submission {
  if (submission.state !== 'preparing') return submission;
  return {
    ...markProcessing(submission, now),
    processingAt: submission.uploadClickedAt ?? now,
    note: 'Upload was clicked but the page closed before the portal confirmed it. It may have been uploaded: check the portal, then reconcile its results email or mark it as finished.',
  };
}

/** The portal confirmed the upload. Repeating it (the notification seen twice) changes nothing. */
export function markProcessing(submission: Submission, now: number): Submission {
  if (submission.state === 'processing') {
    // The portal's confirmation arrived after all: drop the "unconfirmed" note.
    if (submission.note === undefined) return submission;
    const { note: _unconfirmed, ...confirmed } = submission;
    return { ...confirmed, updatedAt: now };
  }
  if (submission.state !== 'preparing') {
    throw new TransitionError(
      `"${submission.fileName}" has already ended (${submission.state}); it cannot start processing again.`,
      submission.state,
    );
  }
  return { ...submission, state: 'processing', processingAt: now, updatedAt: now };
}

/** The admin says the portal has finished with this upload. */
export function markFinished(submission: Submission, now: number): Submission {
  if (submission.state === 'preparing') {
    throw new TransitionError(`"${submission.fileName}" has not been uploaded yet: release it instead of marking it as finished.`, submission.state);
  }
  if (submission.state === 'results-received' || submission.state === 'finished') return submission;
  // processing, or expired (the admin has checked the portal after the time ran out)
  // Finished says the portal stopped, not what it applied: the upload stays unsafe to repeat (see
  // lib/checks/submission-overlap isUnsafeToRepeat) until its results or a later report show what happened.
  const unknown =
    'Its rows that create accounts stay blocked from being uploaded again until its results email is reconciled or a Mailbox Report downloaded after the upload shows what was applied (its updates may be sent again).';
  const note = `${submission.state === 'expired' ? 'Marked as finished after it had expired.' : 'Marked as finished by the admin.'} ${unknown}`;
  return { ...submission, state: 'finished', endedAt: now, updatedAt: now, note };
}

export interface ResultsDetails {
  resultsFileName: string;
}

/**
 * The results email was reconciled against this submission. Allowed from any state: results can arrive
 * after the admin marked it finished, after it expired, or when the portal's confirmation was missed
 * while it was still preparing. Reconciling again replaces the earlier outcome.
 */
export function markResultsReceived(submission: Submission, outcome: SubmissionOutcome, details: ResultsDetails, now: number): Submission {
  const { note: _previousNote, ...rest } = submission;
  const problems = outcome.failed + outcome.unknown;
  return {
    ...rest,
    state: 'results-received',
    processingAt: submission.processingAt ?? now,
    endedAt: now,
    updatedAt: now,
    outcome,
    resultsFileName: details.resultsFileName,
    ...(problems > 0 ? { note: `${problems} of ${submission.rowCount} rows did not clearly succeed: do not upload the whole file again.` } : {}),
  };
}

/** How long a processing submission may wait for its results before it expires. */
export function expiryDueAt(submission: Submission, expiryHours: number): number | undefined {
  if (!isInFlight(submission)) return undefined;
  const since = submission.processingAt ?? submission.createdAt;
  return since + expiryHours * 3_600_000;
}

export function isDueForExpiry(submission: Submission, now: number, expiryHours: number): boolean {
  const due = expiryDueAt(submission, expiryHours);
  return due !== undefined && now >= due;
}

/** No results arrived in time: the slot is freed, with a note saying what that means. */
export function markExpired(submission: Submission, now: number, expiryHours: number): Submission {
  if (submission.state !== 'processing') {
    throw new TransitionError(`Only a processing submission can expire; "${submission.fileName}" is ${submission.state}.`, submission.state);
  }
  return {
    ...submission,
    state: 'expired',
    endedAt: now,
    updatedAt: now,
    note: `No results after ${formatHours(expiryHours)}: CSV Guard stopped holding uploads for it. Some or all of its rows may have been applied; check the portal before uploading them again.`,
  };
}

function formatHours(hours: number): string {
  return hours === 1 ? '1 hour' : `${Number.isInteger(hours) ? hours : hours.toFixed(1)} hours`;
}
