/**
 * Life of one CSV upload:
 * preparing (Upload allowed in one tab) → processing (the portal confirmed the upload)
 * → results-received | finished | expired.
 */
export type SubmissionState = 'preparing' | 'processing' | 'results-received' | 'finished' | 'expired';

export interface SubmissionOutcome {
  succeeded: number;
  failed: number;
  unknown: number;
  /** Local IDs of rows the results say were applied (created or updated). */
  appliedLocalIds: string[];
  /** Local IDs of rows that failed. */
  failedLocalIds: string[];
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
  tabId?: number;
  createdAt: number;
  updatedAt: number;
  processingAt?: number;
  endedAt?: number;
  outcome?: SubmissionOutcome;
  note?: string;
}

/** What a tab is told about the single upload slot. */
export type SlotStatus =
  | { state: 'free' }
  | { state: 'held'; submission: Pick<Submission, 'id' | 'state' | 'fileName' | 'createdAt' | 'processingAt' | 'tabId' | 'rowCount'>; yours: boolean };
