import type { ColumnRole } from '../portal/columns';
import type { CellScan } from './cell-scan';
import type { CheckContext } from './context';
import type { RowAnalysis } from './row-analysis';
import type { RowGroups } from './row-groups';
import type { SubmissionOverlap } from './submission-overlap';
import type { Finding, RuleId } from './types';
import type { UploadKeys } from './upload-keys';

/** What every rule sees: the context plus the shared per-row analysis. */
export interface RuleInput {
  ctx: CheckContext;
  rows: RowAnalysis[];
  /**
   * The same rows by what the portal will do with them: a rule about one kind of row reads only that list.
   * Rules loop over these lists by index: a for-of step costs an iterator call in code the JIT has not yet
   * optimised, which is how a check's code mostly runs in the worker (measured: 2-3x on a 10,000-row pass).
   */
  groups: RowGroups;
  /** Each row's identity keys, row-aligned with `rows`, and which rows share a local ID (localIdFirstRows). */
  keys: UploadKeys;
  /** Line of the heading row (file-level findings about columns point here). */
  headerLine: number;
  /** The cells worth a closer look (invisible characters, formulas, over-long values), found in one pass. */
  cells: CellScan;
  /** Whether any Mailbox Report is cached: without one, ID checks cannot be made. */
  reportsAvailable: boolean;
  /** The heading text of a role's column, as written in the file. */
  columnName(role: ColumnRole): string | undefined;
  /**
   * Earlier unsafe submissions this file repeats, with their safe rows too (findSubmissionOverlaps with
   * withSafeRows): computed once per check on first use, and kept in the result for the remainder.
   */
  submissionOverlaps(): SubmissionOverlap[];
}

/** One check. Rules never throw on purpose; the engine still guards each one. */
export interface Rule {
  id: RuleId;
  run(input: RuleInput, emit: (finding: Finding) => void): void;
}
