import type { CsvTable } from '../csv/types';
import type { ColumnMap } from '../portal/columns';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import { fingerprintTable, type RowHashes } from '../submissions/fingerprint';
import { rowKeys, type RowKeys } from '../submissions/submitted-rows';
import type { Submission } from '../submissions/types';
import { describeMailbox } from './describe';
import { mailboxNameKey, type MailboxIndex } from './mailbox-index';
import { RecordedRowsCache, type RecordedRows } from './recorded-rows';
import { valuesShownBy } from './row-values';
import { uploadKeysOf, type UploadKeys } from './upload-keys';

/** What the earlier submission was predicted to do with a row when it was uploaded. */
export type SubmittedRowKind = 'update' | 'create' | 'unknown';

/**
 * Whether a row of the earlier submission was applied, and how we know:
 * applied (the results say so, or a report taken after the upload shows it), not-applied (the results
 * say it failed, or a report taken after the upload ended does not show it), or unknown (no evidence).
 */
export interface RowJudgement {
  index: number;
  kind: SubmittedRowKind;
  applied: 'yes' | 'no' | 'unknown';
  /** The evidence in words, e.g. 'the results of "x.csv" say Updated'; '' when unknown. */
  evidence: string;
}

/** An earlier submission that this file repeats, wholly or in part. */
export interface SubmissionOverlap {
  submission: Submission;
  /** Same data rows as the earlier file (same fingerprint). */
  sameFile: boolean;
  /** Every row of this table that the earlier submission also had, judged. */
  rows: RowJudgement[];
  /**
   * Indexes into table.rows of the rows whose repeat may be unsafe: creates that may have been applied,
   * rows not known to be updates, and updates whose upload is still processing. Rows the results say
   * failed, and updates once their upload has ended (applied, or unclear: the same values again), are
   * left out: sending them again is what the admin should do (e.g. CSV Guard's own retry file).
   */
  rowIndexes: number[];
  /** The report this submission is judged by (see judgingReport), when one is cached. */
  report?: ReportMeta;
  /** Whether that report was taken after the submission started, so it can show what it did. */
  reportIsNewer: boolean;
}

/** What can show which rows of an earlier submission were applied, beyond its own results. */
export interface OverlapEvidence {
  /** Every cached report, with its dates. */
  reports: readonly ReportMeta[];
  /** The cached mailboxes (at least those matching this file's local IDs, emails and mobiles). */
  mailboxes: MailboxIndex;
  /** The mailboxes with row i's local ID (`mailboxes.byLocalId` of its key), when the caller has them (the row analysis). */
  sameLocalId?: (row: number) => readonly Mailbox[];
}

/**
 * Whether part of an earlier submission may already be applied, so repeating its rows is unsafe:
 * still processing; or ended (expired, marked finished) without reconciled results; or reconciled
 * with failed rows or rows whose result was not clearly a success. "Mark as finished" is the admin's
 * word that the portal stopped, not what it did: it never makes an upload safe to repeat. Only results,
 * or a report taken after the upload (judged row by row, see findSubmissionOverlaps), can.
 * 'preparing' is the admin's own current attempt (or one never uploaded), never a risk here.
 */
export function isUnsafeToRepeat(s: Submission): boolean {
  if (s.state === 'preparing') return false;
  // processing, expired or finished without results: nothing says what was applied
  if (!s.outcome) return true;
  return s.outcome.failed > 0 || s.outcome.unknown > 0;
}

/** When the upload may first have reached the portal: the Upload click, else the portal's confirmation. */
export function submittedAt(s: Submission): number {
  const times = [s.uploadClickedAt, s.processingAt].filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.min(...times) : s.createdAt;
}

/** When a report's data was taken: the portal's own date in the file, else when it was imported. */
export function reportTakenAt(report: Pick<ReportMeta, 'generatedAt' | 'importedAt'>): number {
  return report.generatedAt ?? report.importedAt;
}

/**
 * The report to judge a submission by: of the reports for the organisations this file's rows belong to
 * (all of them, when no row matched one), the oldest. It can show what the submission did only when even
 * that one was taken after the submission started.
 */
export function judgingReport(reports: readonly ReportMeta[], orgIds: ReadonlySet<string>): ReportMeta | undefined {
  const relevant = orgIds.size > 0 ? reports.filter((r) => orgIds.has(r.orgId)) : reports;
  let oldest: ReportMeta | undefined;
  for (const r of relevant) if (!oldest || reportTakenAt(r) < reportTakenAt(oldest)) oldest = r;
  return oldest;
}

/**
 * Each row's keys as the search reads them (see findSubmissionOverlaps): the upload's keys with their hashes,
 * which every row is looked up by, and all of a row's keys (RowKeys), made only for the rows it finds.
 */
export interface SearchKeys {
  keys: UploadKeys;
  rowKeys: (row: number) => RowKeys;
}

/** What a caller of findSubmissionOverlaps may have already, so the search does not make it again. */
export interface SearchKnowns {
  /** Each row's keys (the engine's row analysis). */
  keys?: SearchKeys;
  /** Each row's rowHash (the pass that made the fingerprint). */
  rowHashes?: RowHashes;
  /** The worker's sets of earlier uploads' rows, kept between checks; without them the search makes its own. */
  recordedRows?: RecordedRowsCache;
}

/**
 * Earlier unsafe submissions this table overlaps, most recent first. Only those with rows whose repeat
 * may be unsafe (rowIndexes), unless `withSafeRows`: the remainder also drops rows known to be applied.
 */
export function findSubmissionOverlaps(
  table: CsvTable,
  columns: ColumnMap,
  submissions: readonly Submission[],
  knownFingerprint?: string,
  evidence?: OverlapEvidence,
  withSafeRows = false,
  known: SearchKnowns = {},
): SubmissionOverlap[] {
  const unsafe = submissions.filter(isUnsafeToRepeat);
  const sets = known.recordedRows ?? new RecordedRowsCache();
  sets.keepOnly(new Set(unsafe.map((s) => s.id)));
  if (unsafe.length === 0) return [];
  let fingerprint = knownFingerprint;
  let hashes = known.rowHashes;
  if (fingerprint === undefined || hashes === undefined) {
    const made = fingerprintTable(table.rows.map((r) => r.values));
    fingerprint ??= made.fingerprint;
    hashes ??= made.rowHashes;
  }
  const { keys, rowKeys: keysOfRow } = known.keys ?? {
    keys: uploadKeysOf(table, columns),
    rowKeys: (row: number) => rowKeys(table.rows[row]!.values, columns),
  };
  const { localIdKeys, localIdHashes, emailKeys, emailHashes, mobileKeys, mobileHashes } = keys;
  const rowCount = table.rows.length;

  const report = evidence ? judgingReport(evidence.reports, rowOrgIds(localIdKeys, evidence)) : undefined;
  const shown = evidence ? valuesShownBy(table, columns) : undefined;

  const overlaps: SubmissionOverlap[] = [];
  for (const submission of unsafe) {
    const sameFile = submission.fingerprint === fingerprint && submission.rowCount === rowCount;
    const theirs = sets.rowsOf(submission);
    const newerReport = report && reportTakenAt(report) > submittedAt(submission) ? report : undefined;
    const ended = submission.state !== 'processing';
    // Once per earlier upload, not per row: the report's date is formatted by Intl, which costs microseconds a call.
    const sources = sourcesOf(submission, newerReport);
    // One for all rows: each row's values are passed to `shown`, not closed over.
    const later: ReportEvidence | undefined =
      newerReport && evidence && shown ? { report: newerReport, mailboxes: evidence.mailboxes, shown } : undefined;
    const rows: RowJudgement[] = [];
    for (let index = 0; index < rowCount; index++) {
      // Every row is looked up by its keys' hashes first: most rows of a file are not in the earlier upload,
      // and those are passed over without reading any key's text. The row hash last, and only when there
      // are hashes to find. The name-and-mobile key only for a mobile one of those creates had: making a
      // row's name key costs the most.
      const idKey = localIdKeys[index]!;
      const idHash = localIdHashes[index]!;
      const c = theirs.creates;
      const create =
        c !== undefined &&
        (c.localIds.has(idKey, idHash) ||
          c.emails.has(emailKeys[index]!, emailHashes[index]!) ||
          (c.nameMobileMobiles.has(mobileKeys[index]!, mobileHashes[index]!) && has(c.nameMobiles, keysOfRow(index).nameMobile)) ||
          (c.hashes.size > 0 && c.hashes.hasRow(hashes, index)));
      if (!sameFile && !create && !theirs.localIds.has(idKey, idHash)) continue;
      const isUpdate = theirs.updates?.has(idKey, idHash);
      // The earlier upload updated this account with other values: this row is a new change, not a repeat
      // (what the results say of that row says nothing of this one). Updates are idempotent either way.
      if (!sameFile && !create && isUpdate && theirs.updateHashes && !theirs.updateHashes.hasRow(hashes, index)) continue;
      const k = keysOfRow(index);
      let kind: SubmittedRowKind = create ? 'create' : !idKey ? 'create' : isUpdate === undefined ? 'unknown' : isUpdate ? 'update' : 'create';
      // No prediction was kept (an older record, or the command line's earlier file): a row whose local ID a
      // later report has is an update now, whatever it was then: sending it again updates that account.
      if (kind === 'unknown' && later && (later.mailboxes.byLocalId.get(k.localId) ?? []).length > 0) kind = 'update';
      const judged = judgeRow(k, table.rows[index]!.values, kind, submission, theirs, ended, later, sources);
      rows.push({ index, kind, ...judged });
    }
    const rowIndexes = rows.filter((r) => mayBeUnsafe(r, ended)).map((r) => r.index);
    if (rowIndexes.length > 0 || (withSafeRows && rows.length > 0))
      overlaps.push({ submission, sameFile, rows, rowIndexes, ...(report ? { report } : {}), reportIsNewer: newerReport !== undefined });
  }
  return overlaps.sort((a, b) => submittedAt(b.submission) - submittedAt(a.submission));
}

/**
 * The organisations of the mailboxes this file's local IDs are on, as far as judgingReport can tell them apart:
 * it asks only whether there are any and which cached reports' organisations are among them, so the search
 * stops once every cached report's organisation is found (at the first row, for the usual single report).
 */
function rowOrgIds(localIdKeys: readonly string[], evidence: OverlapEvidence): Set<string> {
  const orgIds = new Set<string>();
  const wanted = new Set(evidence.reports.map((r) => r.orgId));
  let found = 0;
  const { sameLocalId } = evidence;
  for (let row = 0; row < localIdKeys.length; row++) {
    const localId = localIdKeys[row]!;
    const mailboxes = !localId ? NONE : sameLocalId ? sameLocalId(row) : (evidence.mailboxes.byLocalId.get(localId) ?? NONE);
    for (const m of mailboxes) {
      if (orgIds.has(m.orgId)) continue;
      orgIds.add(m.orgId);
      if (wanted.has(m.orgId)) found++;
    }
    if (found === wanted.size && orgIds.size > 0) break;
  }
  return orgIds;
}

/**
 * Repeating the row may duplicate something: a create (or a row not known to be an update) that was or may
 * have been applied. An update repeated is the same values for the same account again, safe whatever its
 * result, once the earlier upload has ended; while it is still processing, its rows wait with it (the portal
 * takes one upload at a time).
 */
function mayBeUnsafe(r: RowJudgement, ended: boolean): boolean {
  if (r.applied === 'no') return false;
  if (r.kind === 'update') return !ended && r.applied === 'unknown';
  return true;
}

const NONE: readonly Mailbox[] = [];

function has(set: ReadonlySet<string>, key: string): boolean {
  return key !== '' && set.has(key);
}

interface ReportEvidence {
  report: ReportMeta;
  mailboxes: MailboxIndex;
  /** Whether the report shows a row's values on this mailbox (valuesShownBy). */
  shown: (values: readonly string[], m: Mailbox) => boolean;
}

/**
 * Updates are idempotent: applied when the results say so or a later report shows their values.
 * Creates are not: one whose person a later report shows (by local ID, email, or name and mobile, as the
 * duplicate rules match) is applied, whatever else is said; one the results say failed, or that a report
 * taken after the upload ended does not show, was not created.
 */
function judgeRow(
  k: RowKeys,
  values: readonly string[],
  kind: SubmittedRowKind,
  s: Submission,
  theirs: RecordedRows,
  ended: boolean,
  later: ReportEvidence | undefined,
  { results, reportName }: EvidenceSources,
): Omit<RowJudgement, 'index' | 'kind'> {
  const outcome = s.outcome;
  const appliedByResults = !!outcome && has(theirs.applied, k.localId);
  const failedByResults = !!outcome && has(theirs.failed, k.localId);
  if (kind === 'update') {
    if (appliedByResults) return { applied: 'yes', evidence: `${results} say it was applied` };
    const target = later ? (later.mailboxes.byLocalId.get(k.localId) ?? []).find((m) => later.shown(values, m)) : undefined;
    if (target) return { applied: 'yes', evidence: `${reportName} already shows its values` };
    if (failedByResults) return { applied: 'no', evidence: `${results} say it failed` };
    if (later && ended) return { applied: 'no', evidence: `${reportName} does not show its values yet` };
    return { applied: 'unknown', evidence: '' };
  }
  const existing = later ? existingPerson(k, later.mailboxes) : undefined;
  if (existing) return { applied: 'yes', evidence: `${reportName} shows ${describeMailbox(existing)}` };
  if (appliedByResults) return { applied: 'yes', evidence: `${results} say it was created` };
  if (failedByResults) return { applied: 'no', evidence: `${results} say it failed` };
  if (later && ended) return { applied: 'no', evidence: `${reportName} has no such account` };
  return { applied: 'unknown', evidence: '' };
}

/** How a row's evidence names what it comes from: the earlier upload's results, and the report taken since (if any). */
interface EvidenceSources {
  results: string;
  reportName: string;
}

function sourcesOf(s: Submission, later: ReportMeta | undefined): EvidenceSources {
  return {
    results: `the results of "${s.resultsFileName ?? s.fileName}"`,
    reportName: later ? `the Mailbox Report "${later.fileName}" of ${formatWhen(reportTakenAt(later))}` : '',
  };
}

/** The account a create row's person has now, matched as the duplicate rules match. */
function existingPerson(k: RowKeys, index: MailboxIndex): Mailbox | undefined {
  if (k.localId) {
    const byId = index.byLocalId.get(k.localId)?.[0];
    if (byId) return byId;
  }
  if (k.email) {
    const byEmail = index.byEmail.get(k.email)?.[0];
    if (byEmail) return byEmail;
  }
  if (k.name && k.mobile) return (index.byMobile.get(k.mobile) ?? []).find((m) => mailboxNameKey(m) === k.name);
  return undefined;
}

/** Made once: building a DateTimeFormat per finding cost the resubmission rule most of its time. */
const WHEN_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "3 Mar 2025, 14:05" in the admin's time zone. */
export function formatWhen(ms: number): string {
  return WHEN_FORMAT.format(ms);
}
