/** Stable rule ids: tests, the panel and exported files refer to these. */
export type RuleId =
  | 'missing-local-id'
  | 'unknown-local-id'
  | 'probable-duplicate'
  | 'identity-mismatch'
  | 'duplicate-local-id'
  | 'ou-change'
  | 'password-column'
  | 'inactive-account'
  | 'invalid-field'
  | 'no-change'
  | 'header'
  | 'batch-size'
  | 'stale-report'
  | 'no-report'
  | 'suspicious-characters'
  | 'resubmission'
  | 'ambiguous-local-id'
  | 'deleted-account'
  | 'local-id-not-exact'
  | 'formula-value'
  | 'duplicate-new-account';

export type Severity = 'block' | 'warn' | 'info';

/** Most serious first: findings and groups of findings are sorted by this one order everywhere. */
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { block: 0, warn: 1, info: 2 };

/** A mailbox a finding points at (the account a row matched, or should have matched). */
export interface RelatedMailbox {
  email: string;
  localId: string;
  displayName?: string;
  status?: string;
  orgId?: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** 1-based file line (header = 1). File-wide findings use 1 for the header or 0 for "whole file". */
  line: number;
  /** The column the finding is about, by its header text in the file. */
  column?: string;
  localId?: string;
  /** Plain UK English for an admin: what is wrong and what will happen. */
  message: string;
  /** What to do about it. */
  fix?: string;
  related?: RelatedMailbox[];
}

/** The at-a-glance numbers shown at the top of the panel. */
export interface CheckSummary {
  rows: number;
  predictedUpdates: number;
  predictedNewAccounts: number;
  blockedRows: number;
  byRule: Partial<Record<RuleId, number>>;
}
