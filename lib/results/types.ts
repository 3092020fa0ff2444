/** Outcome of one row of the results email, classified by lib/results/classify. */
export type RowOutcome = 'success' | 'failure' | 'unknown';

/** Placeholder shape; the reconciliation module owns and extends it. */
export interface ReconcileReport {
  fileName: string;
  resultColumn: string;
  counts: Record<RowOutcome, number>;
  submissionId?: string;
}
