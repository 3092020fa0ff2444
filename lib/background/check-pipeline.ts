import { runChecks, type CheckResult } from '../checks/engine';
import { uploadNameKeys } from '../checks/lookup-keys';
import { buildMailboxIndex, type MailboxIndex } from '../checks/mailbox-index';
import { rowAlignedLookupKeys, uploadKeysOf, type UploadKeys } from '../checks/upload-keys';
import type { CsvTable, TextEncodingName } from '../csv/types';
import { readCsv } from '../csv/read';
import type { CheckProgressPhase } from '../messaging/checks-protocol';
import type { KeyMatches, LookupKeys } from '../messaging/reports-protocol';
import { resolveUploadColumns, type ColumnMap } from '../portal/columns';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import { BUNDLED_TEMPLATE, type UploadTemplate } from '../portal/template';
import type { Settings } from '../settings';
import type { KeyKind } from '../store/generation-layout';
import { fingerprintTable, type RowHashes } from '../submissions/fingerprint';
import type { PredictedDuplicate, Submission } from '../submissions/types';
import type { RecordedRowsCache } from '../checks/recorded-rows';

/** What the pipeline needs from storage; injected so it can be tested without a browser. */
export interface CheckPipelineDeps {
  loadSettings: () => Promise<Settings>;
  /** Every cached mailbox matching the keys, and every cached report: one round trip. */
  lookupMailboxes: (keys: LookupKeys) => Promise<{
    mailboxes: Mailbox[];
    reports: ReportMeta[];
    skippedRecords?: number;
    /** What each asked key found (row-aligned, as the pipeline asks: see KeyMatches); without it the rows are matched through the index. */
    matches?: KeyMatches;
  }>;
  listSubmissions: () => Promise<Submission[]>;
  /** The worker's sets of earlier uploads' rows, kept between checks (made afresh for each check without it). */
  recordedRows?: RecordedRowsCache;
  /**
   * Start reading what the lookup will need (LOOKUP_KINDS) as soon as a check arrives, while its file of
   * `fileBytes` is still being read and parsed: a stopped worker's first check then finds it ready.
   */
  prepareLookup?: (fileBytes: number) => void;
  now: () => number;
  /**
   * Called as each step of a check ends, for the bench's timeline inside the worker (the e2e build
   * wires it to performance.mark; the shipped build leaves it out).
   */
  mark?: (step: CheckStep) => void;
}

/** The steps of one check inside the background, in order; `received` and `replied` are the handler's. */
export type CheckStep = 'received' | 'file-read' | 'parsed' | 'fingerprinted' | 'looked-up' | 'indexed' | 'ruled' | 'replied';

export interface CheckInput {
  fileName: string;
  text: string;
  encoding: TextEncodingName;
}

/** One complete check, kept in memory (CheckRuns) so exports, "Show all" and the slot need not redo it. */
export interface CheckRun {
  table: CsvTable;
  columns: ColumnMap;
  template: UploadTemplate;
  result: CheckResult;
  mailboxes: Mailbox[];
  /** The looked-up mailboxes indexed, built once: the remainder and the corrected file judge by the same index. */
  index: MailboxIndex;
  reports: ReportMeta[];
  /** Damaged cached records the lookup had to skip: the admin should import the report again. */
  skippedRecords: number;
  settings: Settings;
  submissions: Submission[];
  fingerprint: string;
  /** Each row's rowHash, made with the fingerprint: the upload slot's record keeps some of them. */
  rowHashes: RowHashes;
  localIds: string[];
  predictedUpdateLocalIds: string[];
  predictedDuplicates?: PredictedDuplicate[];
  checkedAt: number;
}

export type PipelineOutcome = { ok: true; run: CheckRun } | { ok: false; error: string };

export type ProgressReporter = (phase: CheckProgressPhase, fraction: number) => void;

/**
 * The kinds of key a check looks mailboxes up by. Names count only together with a mobile
 * (probable-duplicate), and every such mailbox is found by its mobile: a name key alone can match
 * thousands of namesakes in a large report, so none is sent.
 */
export const LOOKUP_KINDS: readonly KeyKind[] = ['localId', 'email', 'mobile'];

/** The template the checks compare headers with: the one learnt from the portal's sample, or the bundled one. */
export function templateFrom(settings: Settings): UploadTemplate {
  const learnt = settings.learntTemplate;
  return learnt ? { source: 'learnt', header: learnt.header, sourceUrl: learnt.sourceUrl } : BUNDLED_TEMPLATE;
}

/** settings and submission history asked for → parse → resolve columns → lookup keys → one lookup → rules. */
export async function runCheckPipeline(
  input: CheckInput,
  deps: CheckPipelineDeps,
  progress: ProgressReporter = () => undefined,
): Promise<PipelineOutcome> {
  progress('parsing', 0.05);
  // Asked for before the parse, which holds the thread: storage answers meanwhile (tens of ms in a worker just started).
  const settingsRead = deps.loadSettings();
  const historyRead = deps.listSubmissions();
  // Not waited for when the file is unreadable: their failures then change nothing.
  settingsRead.catch(() => undefined);
  historyRead.catch(() => undefined);
  const read = readCsv({ text: input.text, encoding: input.encoding }, input.fileName);
  if (!read.ok) return { ok: false, error: read.error.message };
  const { table, source } = read;
  deps.mark?.('parsed');

  const settings = await settingsRead;
  const template = templateFrom(settings);
  const columns = resolveUploadColumns(table.header);

  progress('looking-up', 0.3);
  // Each row's keys, normalised once: asked for row by row, so the lookup answers row by row for the checks.
  const rowKeys = uploadKeysOf(table, columns);
  const keys: LookupKeys = rowAlignedLookupKeys(rowKeys, LOOKUP_KINDS.includes('name') ? uploadNameKeys(table, columns) : []);
  const found = Promise.all([deps.lookupMailboxes(keys), historyRead]);
  // Once per check: the resubmission rule and the upload slot both need it, and the rule each row's hash.
  // Made while IndexedDB answers the lookup and the history (both wait on it at least once), not after.
  const { fingerprint, rowHashes } = fingerprintTable(table.rows.map((row) => row.values));
  deps.mark?.('fingerprinted');
  const [{ mailboxes, reports, skippedRecords = 0, matches }, submissions] = await found;
  deps.mark?.('looked-up');

  progress('checking', 0.7);
  const now = deps.now();
  const index = buildMailboxIndex(mailboxes);
  deps.mark?.('indexed');
  const result = runChecks({
    table,
    source,
    template,
    columns,
    mailboxes: index,
    keys: rowKeys,
    ...(matches ? { matches } : {}),
    reports,
    settings: { batchSize: settings.batchSize, staleReportDays: settings.staleReportDays },
    submissions,
    now,
    fingerprint,
    rowHashes,
    ...(deps.recordedRows ? { recordedRows: deps.recordedRows } : {}),
  });
  deps.mark?.('ruled');
  return {
    ok: true,
    run: {
      table,
      columns,
      template,
      result,
      mailboxes,
      index,
      reports,
      skippedRecords,
      settings,
      submissions,
      fingerprint,
      rowHashes,
      // The upload's local IDs, once each, in file order: what the submission tracker records.
      localIds: uniqueLocalIds(rowKeys),
      predictedUpdateLocalIds: result.predictedUpdateLocalIds,
      ...(result.predictedDuplicates ? { predictedDuplicates: result.predictedDuplicates } : {}),
      checkedAt: now,
    },
  };
}

/** Each local ID key once, in file order, blanks left out. */
function uniqueLocalIds({ localIdKeys, localIdFirstRows }: UploadKeys): string[] {
  const unique: string[] = [];
  for (let i = 0; i < localIdKeys.length; i++) if (localIdFirstRows[i] === i) unique.push(localIdKeys[i]!);
  return unique;
}
