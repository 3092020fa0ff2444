import type { CheckResult } from '../checks/context';
import { EMPTY_MAILBOX_INDEX } from '../checks/mailbox-index';
import type { OverlapEvidence, SubmissionOverlap } from '../checks/submission-overlap';
import { oneByOneLines } from '../checks/risks';
import type { Finding, Severity } from '../checks/types';
import type { CsvRow, CsvTable } from '../csv/types';
import { writeCsv, type CsvPurpose } from '../csv/write';
import type { ExportedFile, ExportKind } from '../messaging/checks-protocol';
import { roleOfHeader, type ColumnMap } from '../portal/columns';
import type { Submission } from '../submissions/types';
import { planRemainder, remainderReasonsByLine, type RemainderPlan } from './remainder';

export interface ExportOptions {
  batchSize: number;
  submissions: Submission[];
  /** The cached reports and mailboxes, and the time: what the remainder judges earlier rows by (lib/output/remainder). */
  evidence?: OverlapEvidence & { now: number };
  /**
   * The check's own judgement of the earlier submissions (CheckResult.submissionOverlaps), when the check
   * used these same submissions and evidence: the remainder is then planned from it instead of judging every row again.
   */
  overlaps?: readonly SubmissionOverlap[];
}

/** The heading of the extra column in the "rows needing attention" file. */
export const REASON_COLUMN = 'CSV Guard reason';

/** The corrected files that make sense for this result, in the order the panel offers them. */
export function availableExports(
  table: CsvTable,
  columns: ColumnMap,
  result: CheckResult,
  options?: Pick<ExportOptions, 'submissions' | 'evidence' | 'overlaps'>,
  /** The remainder already planned from these same options, so it is not planned twice. */
  remainder?: RemainderPlan,
): ExportKind[] {
  const kinds: ExportKind[] = [];
  const passwords = passwordIndexes(table, columns);
  if (passwords.size > 0 && passwords.size < table.header.length) kinds.push('without-password');
  const blocked = blockedLines(table, result.findings);
  if (blocked.size > 0 && table.rows.some((r) => !blocked.has(r.line))) kinds.push('without-blocked');
  if (result.findings.some((f) => f.rule === 'batch-size')) kinds.push('batches');
  const headerLine = table.headerLine ?? 1;
  if (result.findings.some((f) => f.line > headerLine)) kinds.push('needs-attention');
  // Not offered while some creates cannot be judged (the panel says which report to import instead).
  if (options && result.findings.some((f) => f.rule === 'resubmission') && !(remainder ?? remainderPlan(table, columns, options)).refused)
    kinds.push('remainder');
  return kinds;
}

/**
 * Build corrected files. Every file keeps the original's delimiter, line ending, header and column
 * order (minus the password column in that file). Files meant for upload carry every value exactly
 * as the admin wrote it; the needs-attention file is for reading, so it is formula-safe (see writeCsv).
 * Files are written as UTF-8; when the original was not plain UTF-8 (Windows-1252, UTF-16, or UTF-8
 * with a BOM) they start with a BOM so Excel shows accented names correctly.
 */
export function buildExport(kind: ExportKind, table: CsvTable, columns: ColumnMap, result: CheckResult, options: ExportOptions): ExportedFile[] {
  const base = baseName(table.fileName);
  const shape = { delimiter: table.delimiter, lineEnding: table.lineEnding };
  const bom = table.encoding !== 'utf-8';
  const file = (suffix: string, header: string[], rows: string[][], purpose: CsvPurpose = 'upload'): ExportedFile => ({
    name: `${base} (${suffix}).csv`,
    content: writeCsv(header, rows, shape, { purpose, bom }),
  });
  const values = (rows: readonly CsvRow[]) => rows.map((r) => r.values);

  switch (kind) {
    case 'without-password': {
      const drop = passwordIndexes(table, columns);
      const keep = (vs: readonly string[]) => vs.filter((_, i) => !drop.has(i));
      return [
        file(
          'without password column',
          keep(table.header),
          table.rows.map((r) => keep(r.values)),
        ),
      ];
    }
    case 'without-blocked': {
      const blocked = blockedLines(table, result.findings);
      return [file('without blocked rows', table.header, values(table.rows.filter((r) => !blocked.has(r.line))))];
    }
    case 'without-overwrites': {
      // "Upload without these rows": only the rows that would overwrite another person's account are left out.
      const risky = oneByOneLines(result.findings, table.headerLine ?? 1);
      return [file('without rows that overwrite other accounts', table.header, values(table.rows.filter((r) => !risky.has(r.line))))];
    }
    case 'batches': {
      const size = Math.max(1, Math.floor(options.batchSize));
      const count = Math.max(1, Math.ceil(table.rows.length / size));
      const files: ExportedFile[] = [];
      for (let b = 0; b < count; b++) {
        files.push(file(`batch ${b + 1} of ${count}`, table.header, values(table.rows.slice(b * size, (b + 1) * size))));
      }
      return files;
    }
    case 'needs-attention': {
      const reasons = reasonsByLine(result.findings, table.headerLine ?? 1);
      // Rows left out of the remainder are listed too, with the evidence, so none is lost silently.
      if (result.findings.some((f) => f.rule === 'resubmission')) {
        for (const [line, why] of remainderReasonsByLine(remainderPlan(table, columns, options)))
          reasons.set(line, reasons.has(line) ? `${reasons.get(line)!} | ${why}` : why);
      }
      const rows = table.rows.filter((r) => reasons.has(r.line)).map((r) => [...r.values, reasons.get(r.line)!]);
      return [file('rows needing attention', [...table.header, REASON_COLUMN], rows, 'reading')];
    }
    case 'remainder': {
      const plan = remainderPlan(table, columns, options);
      if (plan.refused) throw new Error(`${plan.refused.message} ${plan.refused.reportAge}`);
      return [file('remainder', table.header, values(plan.kept.map((i) => table.rows[i]!)))];
    }
  }
}

function remainderPlan(table: CsvTable, columns: ColumnMap, options: Pick<ExportOptions, 'submissions' | 'evidence' | 'overlaps'>): RemainderPlan {
  const evidence = options.evidence ?? { reports: [], mailboxes: EMPTY_MAILBOX_INDEX, now: Date.now() };
  return planRemainder({
    table,
    columns,
    submissions: options.submissions,
    ...evidence,
    ...(options.overlaps ? { overlaps: options.overlaps } : {}),
  });
}

function passwordIndexes(table: CsvTable, columns: ColumnMap): Set<number> {
  const drop = new Set<number>();
  if (columns.password !== undefined) drop.add(columns.password);
  table.header.forEach((h, i) => {
    if (roleOfHeader(h) === 'password') drop.add(i);
  });
  return drop;
}

function blockedLines(table: CsvTable, findings: readonly Finding[]): Set<number> {
  const headerLine = table.headerLine ?? 1;
  const lines = new Set<number>();
  for (const f of findings) if (f.severity === 'block' && f.line > headerLine) lines.add(f.line);
  return lines;
}

const LABEL: Readonly<Record<Severity, string>> = { block: 'Blocked', warn: 'Warning', info: 'Note' };

function reasonsByLine(findings: readonly Finding[], headerLine: number): Map<number, string> {
  const reasons = new Map<number, string[]>();
  for (const f of findings) {
    if (f.line <= headerLine) continue;
    const text = `${LABEL[f.severity]}: ${f.message}${f.fix ? ` ${f.fix}` : ''}`;
    const list = reasons.get(f.line);
    if (list) list.push(text);
    else reasons.set(f.line, [text]);
  }
  return new Map([...reasons].map(([line, list]) => [line, list.join(' | ')]));
}

/** "users.csv" → "users"; keeps the rest of the name as the admin gave it. */
export function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() || 'upload';
  return name.replace(/\.(csv|txt|tsv)$/i, '') || 'upload';
}
