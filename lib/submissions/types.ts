/**
 * Life of one CSV upload:
 * preparing (Upload allowed in one tab) → processing (the portal confirmed the upload)
 * → results-received | finished | expired.
 */
export type SubmissionState = 'preparing' | 'processing' | 'results-received' | 'finished' | 'expired';

export interface SubmissionOutcome {
  succeeded: number;
  failed: number;
  /**
   * Rows not clearly applied and not clearly failed: an unclear result, a blank one, or no mention in
   * the results at all. Any of them may have been applied.
   */
  unknown: number;
  /** Of the unknown rows, those the results left blank or did not mention. */
  missing?: number;
  /** Local IDs of rows the results say were applied (created or updated). */
  appliedLocalIds: string[];
  /** Local IDs of rows that failed. */
  failedLocalIds: string[];
  /** Local IDs of the unknown rows (missing ones included): they may have been applied. */
  unknownLocalIds?: string[];
  /** Local IDs the results left blank or did not mention (a subset of unknownLocalIds). */
  missingLocalIds?: string[];
  /** Local IDs of rows that created an account where an update was expected (possible duplicates). */
  createdInsteadOfUpdatedLocalIds?: string[];
  /** Rows that created a second account for someone who already had one (not counted in `succeeded`). */
  duplicates?: number;
  /** Those rows, each with the existing account it duplicates when known (at most a few hundred kept). */
  duplicateRows?: DuplicateRecord[];
  /** Rows the portal applied with a problem word as well ("created. Warning: …"): counted in `unknown`. */
  needsReview?: number;
}

/** One create row of an upload, as kept with the submission: enough to recognise the same person again. */
export interface SubmittedCreate {
  /** fingerprintRows of this row alone: the same row, however the file was saved. */
  rowHash: string;
  /** localIdKey, when the row had one (a local ID no cached report knew). */
  localId?: string;
  /** emailKey, when the row had one. */
  email?: string;
  /** nameKey and mobileKey together ("first|last#07…"), when the row had both: how probable-duplicate matches. */
  nameMobile?: string;
}

export interface Submission {
  id: string;
  state: SubmissionState;
  fileName: string;
  /** Content fingerprint of the data rows (see lib/submissions/fingerprint). */
  fingerprint: string;
  rowCount: number;
  header: string[];
  localIds: string[];
  /** Local IDs the pre-upload check predicted to be updates of existing accounts, when the page sent them. */
  predictedUpdateLocalIds?: string[];
  /**
   * rowHash of each row predicted as an update. A later row for the same local ID with another hash is a
   * new change to that account, not a repeat of this one. Absent on records kept before this was recorded.
   */
  predictedUpdateRowHashes?: string[];
  /**
   * Every row the pre-upload check did not predict as an update (a create, or unknown without a report),
   * with the keys that recognise it again without a local ID. Absent on records kept before this was
   * recorded: those are matched by local ID and whole-file fingerprint only (see lib/submissions/submitted-rows).
   */
  predictedCreates?: SubmittedCreate[];
  /** Rows the pre-upload check predicted would create an account for someone who already has one. */
  predictedDuplicates?: PredictedDuplicate[];
  tabId?: number;
  /** Address of the page that asked for the slot: leaving it before Upload releases a preparing slot. */
  pageUrl?: string;
  /** Browser session in which a preparing slot was granted: a browser restart ends a preparing slot. */
  sessionId?: string;
  createdAt: number;
  updatedAt: number;
  /** The tab let the Upload click through; the portal has not confirmed it yet. */
  uploadClickedAt?: number;
  processingAt?: number;
  endedAt?: number;
  outcome?: SubmissionOutcome;
  /** The results CSV this submission was reconciled with. */
  resultsFileName?: string;
  /** Plain-English note an admin should see (e.g. why it expired). */
  note?: string;
}

/**
 * What a tab is told about the single upload slot. `yours` is true only while the asking tab holds the
 * slot in state preparing, i.e. this tab may click Upload. Once processing, the slot holds Upload in
 * every tab, including the one that uploaded (compare `submission.tabId` to say "uploaded from this tab").
 */
export type SlotStatus = { state: 'free' } | { state: 'held'; submission: SlotSubmission; yours: boolean };

/**
 * What a portal tab is told of a submission: what its panel shows. The file's local IDs, fingerprint and
 * rows stay in the background (a large file's record runs to megabytes, and the page has no use for them).
 */
export type SlotSubmission = Pick<
  Submission,
  'id' | 'state' | 'fileName' | 'createdAt' | 'processingAt' | 'tabId' | 'rowCount' | 'uploadClickedAt' | 'note'
>;

/** The details a tab gives when it asks for the upload slot: what the submission record keeps of its file. */
export type SlotRequest = Pick<
  Submission,
  | 'fileName'
  | 'fingerprint'
  | 'rowCount'
  | 'header'
  | 'localIds'
  | 'predictedUpdateLocalIds'
  | 'predictedUpdateRowHashes'
  | 'predictedCreates'
  | 'predictedDuplicates'
>;

/** An account that already existed, as the check or the cached Mailbox Report knew it. */
export interface ExistingAccount {
  email: string;
  localId: string;
  displayName?: string;
}

/**
 * A row the pre-upload check matched to an existing mailbox although it would create an account
 * (probable-duplicate): kept with the submission so the results can name the account it duplicates.
 */
export interface PredictedDuplicate {
  /** 0-based data row of the uploaded file. */
  row: number;
  /** The row's local ID and email, normalised ('' when blank). */
  localId: string;
  email: string;
  existing: ExistingAccount;
  how: 'email' | 'name-and-mobile';
}

/** A row whose results say an account was created for someone who already had one. */
export interface DuplicateRecord {
  /** Line in the results file. */
  line: number;
  localId: string;
  name: string;
  email: string;
  /** The account the person already had, when known (from the check, else the cached report). */
  existing?: ExistingAccount;
  /** Where `existing` came from. */
  existingFrom?: 'check' | 'report';
  /** Why it counts as a duplicate. */
  why: 'predicted-update' | 'matched-existing' | 'had-portal-id' | 'in-report';
}
