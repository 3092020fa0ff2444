/**
 * Check an upload CSV against Mailbox Reports from the command line.
 *
 *   npm run --silent check -- --report "Mailbox Report.csv" [--report other.csv] [--template sample.csv] [--json] users.csv
 *
 * Exit codes: 0 no blocking finding, 1 blocking findings, 2 unusable input (message on stderr).
 * Options: --batch-size N (default 500, CSV Guard's own default), --stale-days N (default 7).
 *
 * The rows not yet applied after a failure part-way (see scripts/check-remainder.ts):
 *   check --report R --after earlier.csv [--results results.csv] [--uploaded-at TIME] --remainder out.csv [--needs-attention rest.csv] upload.csv
 * With --remainder the exit code says whether it was written: 0 written, 1 not (a newer report is needed).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runChecks } from '../lib/checks/engine';
import { lookupKeysFor } from '../lib/checks/lookup-keys';
import { buildMailboxIndex } from '../lib/checks/mailbox-index';
import { selectFromReport } from '../lib/checks/report-selection';
import { readCsvBytes } from '../lib/csv/read';
import { summaryText } from '../lib/output/summary-text';
import { resolveUploadColumns } from '../lib/portal/columns';
import type { LookupKeys } from '../lib/messaging/reports-protocol';
import type { Mailbox, ReportMeta } from '../lib/portal/mailbox';
import { BUNDLED_TEMPLATE, type UploadTemplate } from '../lib/portal/template';
import { DEFAULT_SETTINGS } from '../lib/settings-schema';
import type { Submission } from '../lib/submissions/types';
import { earlierSubmission, parseUploadedAt, remainderFiles } from './check-remainder';

// Same defaults as lib/settings.ts (not imported: it needs the extension's storage API).
const DEFAULT_BATCH_SIZE = DEFAULT_SETTINGS.batchSize;
const DEFAULT_STALE_DAYS = DEFAULT_SETTINGS.staleReportDays;

const USAGE =
  'Usage: npm run --silent check -- --report <Mailbox Report.csv> [--report <another.csv>] [--template <sample file.csv>] [--json] [--batch-size N] [--stale-days N]' +
  ' [--after <earlier.csv> [--results <results.csv>] [--uploaded-at <time>] --remainder <out.csv> [--needs-attention <rest.csv>]] <upload.csv>';

class UnusableInput extends Error {}

interface Args {
  reports: string[];
  template?: string;
  json: boolean;
  batchSize: number;
  staleDays: number;
  upload: string;
  /** The remainder against an earlier upload (all four come together; see check-remainder.ts). */
  after?: string;
  results?: string;
  uploadedAt?: number;
  remainder?: string;
  needsAttention?: string;
}

function parseArgs(argv: string[]): Args {
  const reports: string[] = [];
  let template: string | undefined;
  let json = false;
  let batchSize = DEFAULT_BATCH_SIZE;
  let staleDays = DEFAULT_STALE_DAYS;
  const files: string[] = [];
  const remainder: Pick<Args, 'after' | 'results' | 'uploadedAt' | 'remainder' | 'needsAttention'> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UnusableInput(`${arg} needs a value.\n${USAGE}`);
      return v;
    };
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new UnusableInput(`${arg} needs a number.\n${USAGE}`);
      return n;
    };
    if (arg === '--report') reports.push(value());
    else if (arg === '--template') template = value();
    else if (arg === '--json') json = true;
    else if (arg === '--batch-size') batchSize = Math.max(1, Math.floor(number()));
    else if (arg === '--stale-days') staleDays = number();
    else if (arg === '--after') remainder.after = value();
    else if (arg === '--results') remainder.results = value();
    else if (arg === '--remainder') remainder.remainder = value();
    else if (arg === '--needs-attention') remainder.needsAttention = value();
    else if (arg === '--uploaded-at') {
      const at = parseUploadedAt(value());
      if (at === undefined) throw new UnusableInput(`--uploaded-at needs a date and time, such as 2025-03-03T09:00.\n${USAGE}`);
      remainder.uploadedAt = at;
    } else if (arg === '--help' || arg === '-h') throw new UnusableInput(USAGE);
    else if (arg.startsWith('--')) throw new UnusableInput(`Unknown option ${arg}.\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UnusableInput(`Give exactly one upload file to check.\n${USAGE}`);
  const args: Args = { reports, json, batchSize, staleDays, upload: files[0]!, ...remainder };
  if (template !== undefined) args.template = template;
  if ((args.after === undefined) !== (args.remainder === undefined)) throw new UnusableInput(`--after and --remainder go together: the earlier file, and where to write the rows not yet applied.\n${USAGE}`);
  if (args.after === undefined && (args.results ?? args.needsAttention ?? args.uploadedAt) !== undefined) throw new UnusableInput(`--results, --uploaded-at and --needs-attention need --after.\n${USAGE}`);
  return args;
}

function readTable(path: string) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UnusableInput(`Cannot open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}.`);
  }
  const result = readCsvBytes(bytes, basename(path));
  if (!result.ok) throw new UnusableInput(result.error.message);
  return result.table;
}

function loadReports(paths: string[], keys: LookupKeys): { mailboxes: Mailbox[]; reports: ReportMeta[]; notes: string[] } {
  const mailboxes: Mailbox[] = [];
  const reports: ReportMeta[] = [];
  const notes: string[] = [];
  const used = new Set<string>();
  for (const path of paths) {
    const table = readTable(path);
    let orgId = basename(path).replace(/\.(csv|txt)$/i, '');
    for (let n = 2; used.has(orgId); n++) orgId = `${basename(path)} (${n})`;
    used.add(orgId);
    // Keep only the mailboxes this upload can match, as the extension's store does with its indexes.
    const selected = selectFromReport(table, orgId, keys);
    if (!selected.ok) throw new UnusableInput(`${basename(path)}: ${selected.error}`);
    mailboxes.push(...selected.mailboxes);
    const meta: ReportMeta = {
      orgId,
      orgLabel: orgId,
      fileName: basename(path),
      // The file's own date stands in for when it was downloaded from the portal.
      importedAt: statSync(path).mtimeMs,
      rowCount: selected.rowCount,
      rowsWithoutLocalId: selected.rowsWithoutLocalId,
      columns: selected.columns,
    };
    if (selected.generatedAt !== undefined) meta.generatedAt = selected.generatedAt;
    reports.push(meta);
    notes.push(...table.notes);
    if (selected.rowsWithoutLocalId > 0) notes.push(`${basename(path)} has ${selected.rowsWithoutLocalId.toLocaleString('en-GB')} mailboxes without a local ID; rows for those people cannot be matched.`);
  }
  return { mailboxes, reports, notes };
}

function loadTemplate(path: string | undefined): UploadTemplate {
  if (path === undefined) return BUNDLED_TEMPLATE;
  const table = readTable(path);
  if (table.header.every((h) => h.trim() === '')) throw new UnusableInput(`${basename(path)} has no heading row to use as the template.`);
  return { source: 'learnt', header: table.header, sourceUrl: path };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const template = loadTemplate(args.template);
  const table = readTable(args.upload);
  const columns = resolveUploadColumns(table.header);
  const { mailboxes, reports, notes } = loadReports(args.reports, lookupKeysFor(table, columns));
  const ctx = {
    table,
    template,
    columns,
    mailboxes: buildMailboxIndex(mailboxes),
    reports,
    settings: { batchSize: args.batchSize, staleReportDays: args.staleDays },
    submissions: [] as Submission[],
    now: Date.now(),
  };
  if (args.after !== undefined && args.remainder !== undefined) {
    const earlier = readTable(args.after);
    const uploadedAt = args.uploadedAt ?? statSync(args.after).mtimeMs;
    const earlierReports = loadReports(args.reports, lookupKeysFor(earlier, resolveUploadColumns(earlier.header)));
    const { table: _t, columns: _c, submissions: _s, ...checkWith } = { ...ctx, mailboxes: buildMailboxIndex(earlierReports.mailboxes) };
    ctx.submissions = [earlierSubmission({ table: earlier, uploadedAt, ...(args.results !== undefined ? { results: readTable(args.results) } : {}) }, checkWith)];
  }
  const result = runChecks(ctx);
  if (args.json) process.stdout.write(`${JSON.stringify({ summary: result.summary, findings: result.findings })}\n`);
  else process.stdout.write(summaryText(table.fileName, result, [...table.notes, ...notes]));
  if (args.remainder !== undefined && ctx.submissions[0]) {
    const files = remainderFiles(ctx, result, ctx.submissions[0]);
    if (files.remainder !== undefined) writeFileSync(args.remainder, files.remainder);
    if (args.needsAttention !== undefined) writeFileSync(args.needsAttention, files.needsAttention);
    // With --json, stdout stays one JSON object: the remainder's account goes to stderr.
    (args.json ? process.stderr : process.stdout).write(`\n${files.lines.join('\n')}\n`);
    return files.remainder !== undefined ? 0 : 1;
  }
  return result.findings.some((f) => f.severity === 'block') ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof UnusableInput ? error.message : `CSV Guard failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`}\n`);
  process.exitCode = 2;
}
