import type { ExportedFile } from '../messaging/checks-protocol';
import type { DuplicateRecord, ExistingAccount, SubmissionState } from '../submissions/types';

/**
 * What the portal's text for one row says, classified by lib/results/classify-result:
 * success (applied, nothing doubtful), review (applied, with a problem word as well), failure (not
 * applied), unknown (cannot tell).
 */
export type RowOutcome = 'success' | 'review' | 'failure' | 'unknown';

/** What the portal said about one row, in our terms, keeping its own words. */
export interface ResultClassification {
  outcome: RowOutcome;
  /**
   * For a success or review: whether the portal says it created a new account or updated one, when it
   * says; unchanged: the account already held these values ("no changes").
   */
  action?: 'created' | 'updated' | 'unchanged';
  /** The portal's own text, as written in the file (trimmed). */
  text: string;
}

/** Where the result column is, and how it was found. */
export interface ResultColumn {
  index: number;
  /** Its heading as written in the file ('' when the portal left it blank). */
  name: string;
  /**
   * compared-with-upload: the one heading the uploaded file did not have.
   * not-in-template: no tracked upload to compare with; the last heading the upload template does not have.
   */
  how: 'compared-with-upload' | 'not-in-template';
}

/** One row of the results, as shown to the admin. */
export interface ReconciledRow {
  /** 1-based line in the results file. */
  line: number;
  localId: string;
  name: string;
  email: string;
  /** The portal's own text for this row. */
  result: string;
}

/**
 * What reconciliation makes of each row: updated (or needed no change), created as predicted, a
 * duplicate created (a new account for someone who already had one), failed, or unclear (blank, not
 * clearly either, or applied with a problem word).
 */
export type RowClass = 'updated' | 'created' | 'duplicate' | 'failed' | 'unclear';

/** A row that created a second account for someone, with the account they already had and what to do. */
export interface DuplicateRow extends ReconciledRow, Pick<DuplicateRecord, 'existing' | 'existingFrom' | 'why'> {
  /** The next step, in words, naming which account to keep. */
  nextStep: string;
}

export type { ExistingAccount };

/** A row of the uploaded file the results did not report on. */
export interface MissingRow {
  localId: string;
  /** Line in the results file when the row is there with a blank result; absent when the row is not there at all. */
  line?: number;
  name?: string;
}

/** The tracked submission a results file was matched to. */
export interface ResultsMatch {
  submissionId: string;
  fileName: string;
  /** fingerprint: the same rows exactly; local-ids: the same people (the portal changed some values); confirmed: the admin chose it. */
  how: 'fingerprint' | 'local-ids' | 'confirmed';
  uploadedAt?: number;
  /** The submission's state before this reconciliation. */
  previousState: SubmissionState;
}

/** Longest list of rows the report carries for display; the downloads always hold every row. */
export const SHOWN_ROWS_LIMIT = 500;

/** Everything the popup shows after reading a results email. */
export interface ReconcileReport {
  fileName: string;
  resultColumn: string;
  resultColumnIndex: number;
  resultColumnHow: ResultColumn['how'];
  /**
   * success: real successes only (updated + created as predicted); review: applied with a problem word;
   * unknown: unclear results; missing: blank or not in the results at all; createdInsteadOfUpdated and
   * duplicates: the same count, of duplicate accounts created (never in success).
   */
  counts: Record<RowOutcome, number> & {
    missing: number;
    rows: number;
    createdInsteadOfUpdated: number;
    duplicates: number;
    updated: number;
    created: number;
  };
  /** Set when the file matched a tracked submission (and so moved it to results-received). */
  submissionId?: string;
  match?: ResultsMatch;
  /**
   * Uploads these results may be for that CSV Guard would not assume (fewer rows, or part of an upload
   * still processing): nothing was changed; the admin can say which one it is.
   */
  candidates?: { submissionId: string; fileName: string; rowCount: number; state: SubmissionState; uploadedAt?: number; reason: string }[];
  /** At most SHOWN_ROWS_LIMIT each; counts hold the totals. */
  failedRows: ReconciledRow[];
  unknownRows: ReconciledRow[];
  /** Applied, but with a problem word: look at the account. */
  reviewRows: ReconciledRow[];
  /** Duplicate accounts created, each with the account the person already had. */
  duplicateRows: DuplicateRow[];
  missingRows: MissingRow[];
  notes: string[];
  /** retry: failed rows only, ready to upload. needsReview: rows to look at in the portal. */
  files: { retry?: ExportedFile; needsReview?: ExportedFile };
  /** True when reconciling freed the upload slot. */
  slotFreed: boolean;
}
