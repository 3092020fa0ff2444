import type { CsvSource, CsvTable } from '../csv/types';
import type { KeyMatches } from '../messaging/reports-protocol';
import type { ColumnMap } from '../portal/columns';
import type { ReportMeta } from '../portal/mailbox';
import type { UploadTemplate } from '../portal/template';
import type { RowHashes } from '../submissions/fingerprint';
import type { PredictedDuplicate, Submission } from '../submissions/types';
import type { MailboxIndex } from './mailbox-index';
import type { RecordedRowsCache } from './recorded-rows';
import type { UploadKeys } from './upload-keys';
import type { SubmissionOverlap } from './submission-overlap';
import type { CheckSummary, Finding } from './types';

/** Everything one check of one upload file needs; built by the background, the popup or the CLI. */
export interface CheckContext {
  table: CsvTable;
  /** The text the table was parsed from, when the caller has it: the cell scan then searches it whole (see scanCells). */
  source?: CsvSource;
  template: UploadTemplate;
  columns: ColumnMap;
  /** Mailboxes of the cached reports (at least those matching the upload's lookup keys). */
  mailboxes: MailboxIndex;
  /** Each row's keys (uploadKeysOf), when the caller made them already to look the mailboxes up. */
  keys?: UploadKeys;
  /**
   * What the lookup found for each row's local ID, email and mobile, asked row by row (rowAlignedLookupKeys):
   * the lists `mailboxes` files under those keys, so the rows are matched without reading its maps.
   */
  matches?: KeyMatches;
  /** Every cached report, so the checks can tell "no report" from "not in the report". */
  reports: ReportMeta[];
  settings: { batchSize: number; staleReportDays: number };
  /** Tracked submissions (any state), for the resubmission rule. */
  submissions: Submission[];
  /** Time of the check (ms since epoch); passed in so results are reproducible. */
  now: number;
  /** fingerprintRows of the table's rows, when the caller has it already (it is slow on a large file). */
  fingerprint?: string;
  /** Each row's rowHash, made in the same pass as the fingerprint (fingerprintTable). */
  rowHashes?: RowHashes;
  /** The worker's sets of earlier uploads' rows, kept between checks (made afresh without it). */
  recordedRows?: RecordedRowsCache;
}

export interface CheckResult {
  summary: CheckSummary;
  /** Sorted by line, then block before warn before info. */
  findings: Finding[];
  /** Local IDs of the rows predicted to update an existing account, once each, in file order. */
  predictedUpdateLocalIds: string[];
  /** Rows that would create an account for someone who already has one, with that account (kept with the upload). */
  predictedDuplicates?: PredictedDuplicate[];
  /**
   * The earlier submissions this file repeats (safe rows included), when it repeats any: what the
   * resubmission rule judged, so the remainder (lib/output/remainder) need not judge every row again.
   */
  submissionOverlaps?: SubmissionOverlap[];
}
