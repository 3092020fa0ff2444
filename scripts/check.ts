/**
 * Check an upload CSV against Mailbox Reports from the command line.
 *
 *   npm run --silent check -- --report "Mailbox Report.csv" [--report other.csv] [--template sample.csv] [--json] users.csv
 *   npm run --silent check -- --report "Mailbox Report.csv" --fix corrected.csv [--needs-attention rest.csv] [--drop-no-change] users.csv
 *
 * Exit codes: 0 no blocking finding, 1 blocking findings, 2 unusable input (message on stderr).
 * With --fix: the corrected file (checked again) and the change list; exit 0 when the corrected file
 * has no blocking finding, 1 when it could not be made so.
 * Options: --batch-size N (default 500, CSV Guard's own default), --stale-days N (default 7).
 *
 * The rows not yet applied after a failure part-way (see scripts/check-remainder.ts):
 *   check --report R --after earlier.csv [--results results.csv] [--uploaded-at TIME] --remainder out.csv [--needs-attention rest.csv] upload.csv
 * With --remainder the exit code says whether it was written: 0 written, 1 not (a newer report is needed).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CheckContext } from '../lib/checks/context';
import { runChecks } from '../lib/checks/engine';
import { lookupKeysFor } from '../lib/checks/lookup-keys';
import { buildMailboxIndex } from '../lib/checks/mailbox-index';
import { selectFromReport } from '../lib/checks/report-selection';
import { readCsvBytes } from '../lib/csv/read';
import type { CsvTable } from '../lib/csv/types';
import { checkedCorrection } from '../lib/fixes/checked-correction';
import { changeListText } from '../lib/output/change-list-text';
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
  ' [--fix <corrected.csv> [--needs-attention <rest.csv>] [--drop-no-change]]' +
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
  /** With --fix or --remainder: where to write the rows that need attention. */
  needsAttention?: string;
  fix?: string;
  dropNoChange: boolean;
}

function parseArgs(argv: string[]): Args {
  const reports: string[] = [];
  let template: string | undefined;
  let json = false;
  let batchSize = DEFAULT_BATCH_SIZE;
  let staleDays = DEFAULT_STALE_DAYS;
  let fix: string | undefined;
  let dropNoChange = false;
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
    else if (arg === '--fix') fix = value();
    else if (arg === '--drop-no-change') dropNoChange = true;
    else if (arg === '--uploaded-at') {
      const at = parseUploadedAt(value());
      if (at === undefined) throw new UnusableInput(`--uploaded-at needs a date and time, such as 2025-03-03T09:00.\n${USAGE}`);
      remainder.uploadedAt = at;
    } else if (arg === '--help' || arg === '-h') throw new UnusableInput(USAGE);
    else if (arg.startsWith('--')) throw new UnusableInput(`Unknown option ${arg}.\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UnusableInput(`Give exactly one upload file to check.\n${USAGE}`);
  const args: Args = { reports, json, batchSize, staleDays, upload: files[0]!, dropNoChange, ...remainder };
  if (template !== undefined) args.template = template;
  if (fix !== undefined) args.fix = fix;
  if (fix !== undefined && args.after !== undefined)
    throw new UnusableInput(`--fix and --after are separate steps: run one, then the other.\n${USAGE}`);
  if ((args.after === undefined) !== (args.remainder === undefined))
    throw new UnusableInput(`--after and --remainder go together: the earlier file, and where to write the rows not yet applied.\n${USAGE}`);
  if (args.after === undefined && (args.results ?? args.uploadedAt) !== undefined)
    throw new UnusableInput(`--results and --uploaded-at need --after.\n${USAGE}`);
  if (args.after === undefined && fix === undefined && (args.needsAttention !== undefined || dropNoChange))
    throw new UnusableInput(`--needs-attention goes with --fix or --after, and --drop-no-change with --fix.\n${USAGE}`);
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
    if (selected.rowsWithoutLocalId > 0)
      notes.push(
        `${basename(path)} has ${selected.rowsWithoutLocalId.toLocaleString('en-GB')} mailboxes without a local ID; rows for those people cannot be matched.`,
      );
  }
  return { mailboxes, reports, notes };
}

function loadTemplate(path: string | undefined): UploadTemplate {
  if (path === undefined) return BUNDLED_TEMPLATE;
  const table = readTable(path);
  if (table.header.every((h) => h.trim() === '')) throw new UnusableInput(`${basename(path)} has no heading row to use as the template.`);
  return { source: 'learnt', header: table.header, sourceUrl: path };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const template = loadTemplate(args.template);
  const table = readTable(args.upload);
  const now = Date.now();
  const settings = { batchSize: args.batchSize, staleReportDays: args.staleDays };
  const checkTable = (t: CsvTable, submissions: Submission[] = []) => {
    const columns = resolveUploadColumns(t.header);
    const loaded = loadReports(args.reports, lookupKeysFor(t, columns));
    const ctx: CheckContext = {
      table: t,
      template,
      columns,
      mailboxes: buildMailboxIndex(loaded.mailboxes),
      reports: loaded.reports,
      settings,
      submissions,
      now,
    };
    return { ctx, result: runChecks(ctx), mailboxes: loaded.mailboxes, notes: loaded.notes };
  };

  if (args.after !== undefined && args.remainder !== undefined) {
    const earlier = readTable(args.after);
    const uploadedAt = args.uploadedAt ?? statSync(args.after).mtimeMs;
    const earlierReports = loadReports(args.reports, lookupKeysFor(earlier, resolveUploadColumns(earlier.header)));
    const columns = resolveUploadColumns(table.header);
    const loaded = loadReports(args.reports, lookupKeysFor(table, columns));
    const checkWith = { template, reports: loaded.reports, settings, now, mailboxes: buildMailboxIndex(earlierReports.mailboxes) };
    const submission = earlierSubmission(
      { table: earlier, uploadedAt, ...(args.results !== undefined ? { results: readTable(args.results) } : {}) },
      checkWith,
    );
    const { ctx, result, notes } = checkTable(table, [submission]);
    if (args.json) process.stdout.write(`${JSON.stringify({ summary: result.summary, findings: result.findings })}\n`);
    else process.stdout.write(summaryText(table.fileName, result, [...table.notes, ...notes]));
    const files = remainderFiles(ctx, result, submission);
    if (files.remainder !== undefined) writeFileSync(args.remainder, files.remainder);
    if (args.needsAttention !== undefined) writeFileSync(args.needsAttention, files.needsAttention);
    // With --json, stdout stays one JSON object: the remainder's account goes to stderr.
    (args.json ? process.stderr : process.stdout).write(`\n${files.lines.join('\n')}\n`);
    return files.remainder !== undefined ? 0 : 1;
  }

  const { ctx, result, notes } = checkTable(table);
  if (args.json && args.fix === undefined) process.stdout.write(`${JSON.stringify({ summary: result.summary, findings: result.findings })}\n`);
  else if (!args.json) process.stdout.write(summaryText(table.fileName, result, [...table.notes, ...notes]));
  if (args.fix === undefined) return result.findings.some((f) => f.severity === 'block') ? 1 : 0;

  // The corrected file is checked again as written, exactly as the extension's background does.
  const checked = await checkedCorrection(
    ctx,
    async (file) => {
      const read = readCsvBytes(new TextEncoder().encode(file.content), file.name);
      if (!read.ok) return { ok: false, error: read.error.message };
      const again = checkTable(read.table);
      return { ok: true, result: again.result, mailboxes: again.mailboxes };
    },
    { dropNoChange: args.dropNoChange },
  );
  writeFileSync(args.fix, checked.corrected.content);
  if (args.needsAttention !== undefined) writeFileSync(args.needsAttention, checked.needsAttention?.content ?? '');
  if (args.json) {
    const { correction, recheck } = checked;
    process.stdout.write(
      `${JSON.stringify({ summary: result.summary, findings: result.findings, fix: { offered: checked.offered, changes: correction.changes, needsAttention: correction.attention.map((r) => ({ line: r.line, reason: r.reason })), noChangeLines: correction.noChangeLines, recheck: recheck.summary } })}\n`,
    );
  } else {
    process.stdout.write(
      `\n${changeListText(checked, { corrected: args.fix, ...(args.needsAttention !== undefined ? { needsAttention: args.needsAttention } : {}) })}`,
    );
  }
  return checked.offered ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof UnusableInput ? error.message : `CSV Guard failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`,
    );
    process.exitCode = 2;
  },
);
