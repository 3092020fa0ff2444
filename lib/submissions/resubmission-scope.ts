import type { Submission } from './types';

/**
 * Which earlier submissions a new file must not repeat, and which of their rows may already be in the
 * portal. One place for this, so the `resubmission` rule and the remainder file agree.
 *
 * - processing: the portal may be applying any of its rows right now.
 * - partly failed (results received with failures, unclear results or missing rows): every row except
 *   the ones the results say failed may have been applied.
 * - expired: no results ever came, so any of its rows may have been applied.
 * Finished submissions and fully successful results are not included: uploading the same people again
 * later is an ordinary update.
 */
export interface ResubmissionScope {
  submission: Submission;
  why: 'processing' | 'partly-failed' | 'expired';
  /** Local IDs that may already have been applied: rows with these must not be uploaded again. */
  mayBeAppliedLocalIds: string[];
}

export function resubmissionScope(submission: Submission): ResubmissionScope | undefined {
  switch (submission.state) {
    case 'processing':
      return { submission, why: 'processing', mayBeAppliedLocalIds: [...submission.localIds] };
    case 'expired':
      return { submission, why: 'expired', mayBeAppliedLocalIds: [...submission.localIds] };
    case 'results-received': {
      const o = submission.outcome;
      if (!o || o.failed + o.unknown + (o.missing ?? 0) === 0) return undefined;
      const failed = new Set(o.failedLocalIds);
      return { submission, why: 'partly-failed', mayBeAppliedLocalIds: submission.localIds.filter((id) => !failed.has(id)) };
    }
    default:
      return undefined;
  }
}

/** The scopes of every submission in a history list that a new file must be checked against. */
export function resubmissionScopes(history: readonly Submission[]): ResubmissionScope[] {
  return history.map(resubmissionScope).filter((s): s is ResubmissionScope => s !== undefined);
}
