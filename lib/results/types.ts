import type { ExportedFile } from '../messaging/checks-protocol';
import type { SubmissionState } from '../submissions/types';

/** Outcome of one row of the results email, classified by lib/results/classify-result. */
export type RowOutcome = 'success' | 'failure' | 'unknown';

/** What the portal said about one row, in our terms, keeping its own words. */
export interface ResultClassification {
  outcome: RowOutcome;
  /** For a success: whether the portal says it created a new account or updated one, when it says. */
  action?: 'created' | 'updated';
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
  /** For a row that created an account instead of updating: the existing account it should have updated, when known. */
  existingEmail?: string;
}

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
  /** fingerprint: the same rows exactly; local-ids: the same people (the portal changed some values). */
  how: 'fingerprint' | 'local-ids';
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
  counts: Record<RowOutcome, number> & { missing: number; rows: number; createdInsteadOfUpdated: number };
  /** Set when the file matched a tracked submission (and so moved it to results-received). */
  submissionId?: string;
  match?: ResultsMatch;
  /** At most SHOWN_ROWS_LIMIT each; counts hold the totals. */
  failedRows: ReconciledRow[];
  unknownRows: ReconciledRow[];
  createdInsteadOfUpdated: ReconciledRow[];
  missingRows: MissingRow[];
  notes: string[];
  /** retry: failed rows only, ready to upload. needsReview: rows to look at in the portal. */
  files: { retry?: ExportedFile; needsReview?: ExportedFile };
  /** True when reconciling freed the upload slot. */
  slotFreed: boolean;
}
