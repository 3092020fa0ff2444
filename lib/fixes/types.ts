import type { MailboxIndex } from '../checks/mailbox-index';
import type { ColumnMap } from '../portal/columns';
import type { UploadTemplate } from '../portal/template';

/** The kinds of fix CSV Guard makes on its own: each has exactly one right answer. */
export type FixKind = 'invisible' | 'trim' | 'mobile' | 'local-id' | 'ou' | 'password-column' | 'header' | 'delimiter' | 'no-change';

/**
 * One change in the corrected file, as the admin sees it: where (line and column of the original
 * file), what was there, what is there now, and why. A cell changed by several fixes is one change.
 * Column changes point at the heading row; a dropped row has no column.
 */
export interface Change {
  line: number;
  /** The column's heading in the original file ('' for a change to the whole row or file). */
  column: string;
  old: string;
  new: string;
  why: string;
  kinds: FixKind[];
}

/** One data row while fixes run: values in the original file's columns, changed in place. */
export interface WorkingRow {
  line: number;
  readonly original: readonly string[];
  values: string[];
  /** Why each changed cell changed, by column index, in the order the fixes ran. */
  readonly reasons: Map<number, { why: string; kind: FixKind }[]>;
  /** Things a fix could not decide (e.g. two accounts with this email): shown in the needs-attention reason. */
  readonly notes: string[];
}

/** A fix of one value, whatever its column (invisible characters, stray spaces). */
export interface CellFix {
  kind: FixKind;
  /** The new value and why, or undefined when the value is fine. */
  apply(value: string): { value: string; why: string } | undefined;
}

/** What a row fix may look at: the upload's columns and the cached mailboxes it could match. */
export interface RowFixInput {
  header: readonly string[];
  columns: ColumnMap;
  mailboxes: MailboxIndex;
  reportsAvailable: boolean;
}

/** A fix that needs the row as a whole (its mailbox, its other values). Calls `set` for each change. */
export interface RowFix {
  kind: FixKind;
  apply(row: WorkingRow, input: RowFixInput, set: (index: number, value: string, why: string) => void): void;
}

/** One column of the corrected file: which original column it comes from, and its heading. */
export interface PlannedColumn {
  source: number;
  heading: string;
}

/** The corrected file's columns, and the heading-row changes that produce them. */
export interface ColumnPlan {
  columns: PlannedColumn[];
  changes: Change[];
}

export interface ColumnFixInput {
  /** The original heading row, and the line it is on. */
  header: readonly string[];
  headerLine: number;
  columns: ColumnMap;
  template: UploadTemplate;
  rowCount: number;
  /** Values of a column, for counting (e.g. passwords present). */
  valuesOf: (index: number) => Iterable<string>;
}

/** A fix of the heading row: drops, renames or reorders columns of the plan in place. */
export interface ColumnFix {
  kind: FixKind;
  apply(plan: ColumnPlan, input: ColumnFixInput): void;
}
