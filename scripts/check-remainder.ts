/**
 * The remainder from the command line: what `check --after earlier.csv [--results results.csv]
 * --remainder out.csv [--needs-attention rest.csv]` does. An admin without the extension's history
 * rebuilds the earlier submission from its file, and follows the portal's advice from a terminal:
 * check which mailboxes exist now, then submit only the rest.
 */
import { runChecks, type CheckContext, type CheckResult } from '../lib/checks/engine';
import { reportTakenAt, submittedAt } from '../lib/checks/submission-overlap';
import type { CsvTable } from '../lib/csv/types';
import { buildExport } from '../lib/output/exports';
import { planRemainder, type RemainderPlan } from '../lib/output/remainder';
import { resolveUploadColumns } from '../lib/portal/columns';
import { reconcileResults } from '../lib/results/reconcile';
import { fingerprintRows } from '../lib/submissions/fingerprint';
import { predictedRows, rowKeys } from '../lib/submissions/submitted-rows';
import { markFinished, markProcessing, markResultsReceived, startPreparing } from '../lib/submissions/transitions';
import type { Submission } from '../lib/submissions/types';

export interface EarlierUpload {
  table: CsvTable;
  /** When it was uploaded (--uploaded-at, else the file's modification time). */
  uploadedAt: number;
  /** The results email's CSV, when given. */
  results?: CsvTable;
}

/**
 * The submission record the extension would have kept for the earlier file. Its prediction comes from
 * the given reports only when they were all taken before the upload (then they say what it was to do);
 * otherwise a row with a local ID is unknown (judged by what the later report shows) and a row without
 * one is a create, as the portal creates one for every blank local ID.
 */
export function earlierSubmission(earlier: EarlierUpload, check: Omit<CheckContext, 'table' | 'columns' | 'submissions'>): Submission {
  const { table } = earlier;
  const columns = resolveUploadColumns(table.header);
  const reportsBefore = check.reports.length > 0 && check.reports.every((r) => reportTakenAt(r) <= earlier.uploadedAt);
  const localIds = [...new Set(table.rows.map((r) => rowKeys(r.values, columns).localId).filter(Boolean))];
  const predictedUpdateLocalIds = reportsBefore ? runChecks({ ...check, table, columns, submissions: [] }).predictedUpdateLocalIds : undefined;
  const creates = predictedRows(table, columns, predictedUpdateLocalIds ?? localIds).predictedCreates;
  let submission = startPreparing(
    {
      fileName: table.fileName,
      fingerprint: fingerprintRows(table.rows.map((r) => r.values)),
      rowCount: table.rows.length,
      header: table.header,
      localIds,
      ...(predictedUpdateLocalIds ? { predictedUpdateLocalIds } : {}),
      predictedCreates: creates,
    },
    { id: 'earlier' },
    earlier.uploadedAt,
  );
  submission = markProcessing(submission, earlier.uploadedAt);
  if (!earlier.results) return markFinished(submission, earlier.uploadedAt);
  const reconciled = reconcileResults({ table: earlier.results, history: [submission], templateHeader: table.header });
  if (!reconciled.ok) throw new Error(`${earlier.results.fileName}: ${reconciled.error}`);
  return markResultsReceived(submission, reconciled.outcome, { resultsFileName: earlier.results.fileName }, earlier.uploadedAt);
}

export interface RemainderFiles {
  plan: RemainderPlan;
  /** The remainder file's text; undefined when it is refused. */
  remainder?: string;
  needsAttention: string;
  /** What to print: the earlier upload as understood, the plan's summary, and any refusal. */
  lines: string[];
}

export function remainderFiles(ctx: CheckContext, result: CheckResult, submission: Submission): RemainderFiles {
  const evidence = { reports: ctx.reports, mailboxes: ctx.mailboxes, now: ctx.now };
  const plan = planRemainder({ table: ctx.table, columns: ctx.columns, submissions: [submission], ...evidence });
  const options = { batchSize: ctx.settings.batchSize, submissions: [submission], evidence };
  const needsAttention = buildExport('needs-attention', ctx.table, ctx.columns, result, options)[0]!.content;
  const o = submission.outcome;
  const lines = [
    `Earlier upload: "${submission.fileName}", ${submission.rowCount} rows, taken as uploaded at ${new Date(submittedAt(submission)).toISOString()}; ${
      o ? `results: ${o.succeeded} applied, ${o.failed} failed, ${o.unknown} unclear or missing` : 'no results given'
    }.`,
    ...plan.summary,
  ];
  if (plan.refused) {
    lines.push(`No remainder written. ${plan.refused.message} ${plan.refused.reportAge}`);
    return { plan, needsAttention, lines };
  }
  const remainder = buildExport('remainder', ctx.table, ctx.columns, result, options)[0]!.content;
  return { plan, remainder, needsAttention, lines };
}

/** "2025-03-03T09:00", "2025-03-03 09:00" or a number of ms: when the earlier file was uploaded. */
export function parseUploadedAt(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(n) ? n : undefined;
}
