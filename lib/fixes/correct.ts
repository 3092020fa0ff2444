import type { CheckContext, CheckResult } from '../checks/context';
import { runChecks } from '../checks/engine';
import type { Finding } from '../checks/types';
import type { CsvTable } from '../csv/types';
import { resolveUploadColumns } from '../portal/columns';
import { CELL_FIXES, COLUMN_FIXES, ROW_FIXES } from './index';
import type { Change, ColumnPlan, FixKind, RowFixInput, WorkingRow } from './types';

/** A row of the corrected file: its line in the original file, and its values in the corrected columns. */
export interface CorrectedRow {
  line: number;
  values: string[];
}

/** A row CSV Guard will not guess about: the original values, and why the admin must look at it. */
export interface AttentionRow {
  line: number;
  values: readonly string[];
  reason: string;
}

/**
 * The corrected file and everything about it. Every original row is in exactly one of `rows`,
 * `attention` and `dropped` (the last only when the admin chose to leave out rows that change nothing).
 */
export interface Correction {
  header: string[];
  delimiter: CsvTable['delimiter'];
  rows: CorrectedRow[];
  attention: AttentionRow[];
  dropped: CorrectedRow[];
  /** Every difference between the original and the corrected file, by line. */
  changes: Change[];
  /** Lines (of the original file) of corrected rows that change nothing, or that were left out for it. */
  noChangeLines: number[];
  /** The corrected rows checked again with the same engine, keeping the original line numbers. */
  recheck: CheckResult;
  /** There is something to upload and nothing in it blocks. */
  offerable: boolean;
}

export interface CorrectionOptions {
  /** Leave out rows that change nothing (the admin's choice; off by default). */
  dropNoChange?: boolean;
}

/** The portal's sample file separates columns with commas, so the corrected file does. */
const PORTAL_DELIMITER = ',';

/**
 * Build the corrected file from a checked upload: apply every fix that has exactly one right answer,
 * check the result again with the same rules, and move every row that still blocks (an ambiguous
 * match, someone else's local ID, a local ID on two rows…) to "needs attention" with the reason.
 * Pure: the same context always gives the same correction.
 */
export function correctUpload(ctx: CheckContext, options: CorrectionOptions = {}): Correction {
  const { table } = ctx;
  const headerLine = table.headerLine ?? 1;
  const reportsAvailable = ctx.reports.length > 0 || ctx.mailboxes.size > 0;
  const changes: Change[] = [];

  // The heading row: invisible characters and spaces, then columns (password, template order).
  const headings = table.header.map((heading) => {
    const { value, reasons } = fixCell(heading);
    if (reasons.length > 0) changes.push(cellChange(headerLine, heading, heading, value, reasons));
    return value;
  });
  const plan: ColumnPlan = { columns: headings.map((heading, source) => ({ source, heading })), changes: [] };
  for (const fix of COLUMN_FIXES) {
    fix.apply(plan, {
      header: table.header,
      headerLine,
      columns: ctx.columns,
      template: ctx.template,
      rowCount: table.rows.length,
      valuesOf: (index) => table.rows.map((r) => r.values[index] ?? ''),
    });
  }
  changes.push(...plan.changes);
  if (table.delimiter !== PORTAL_DELIMITER) {
    changes.push({
      line: 0,
      column: '',
      old: table.delimiter === ';' ? 'semicolons' : 'tabs',
      new: 'commas',
      why: "the portal's sample file separates its columns with commas",
      kinds: ['delimiter'],
    });
  }
  const header = plan.columns.map((c) => c.heading);
  const kept = new Set(plan.columns.map((c) => c.source));

  // Every data row: cell fixes, then row fixes, in the original file's columns.
  const input: RowFixInput = { header: table.header, columns: ctx.columns, mailboxes: ctx.mailboxes, reportsAvailable };
  const working = table.rows.map((row) => fixRow(row.line, row.values, input));

  let rows: CorrectedRow[] = [];
  const attention: AttentionRow[] = [];
  const rowChanges = new Map<number, Change[]>();
  const notes = new Map<number, string[]>();
  for (const w of working) {
    const values = plan.columns.map((c) => w.values[c.source] ?? '');
    const list: Change[] = [];
    for (const [index, reasons] of [...w.reasons].sort((a, b) => a[0] - b[0])) {
      if (!kept.has(index) || w.values[index] === w.original[index]) continue;
      list.push(cellChange(w.line, table.header[index] ?? `column ${index + 1}`, w.original[index] ?? '', w.values[index] ?? '', reasons));
    }
    if (w.notes.length > 0) notes.set(w.line, w.notes);
    if (values.every((v) => v.trim() === '')) {
      attention.push({
        line: w.line,
        values: w.original,
        reason: 'Once its invisible characters, spaces or passwords are removed this line holds nothing to upload.',
      });
      continue;
    }
    rowChanges.set(w.line, list);
    rows.push({ line: w.line, values });
  }

  // Check again; rows that still block go to "needs attention" (removing rows never adds a block to another).
  const original = new Map(table.rows.map((r) => [r.line, r.values] as const));
  let recheck = checkRows(ctx, header, rows);
  for (;;) {
    const blocked = blockingByLine(recheck.findings, headerLine);
    if (blocked.size === 0) break;
    rows = rows.filter((r) => {
      const findings = blocked.get(r.line);
      if (!findings) return true;
      attention.push({ line: r.line, values: original.get(r.line) ?? r.values, reason: reasonFor(findings, notes.get(r.line)) });
      rowChanges.delete(r.line);
      return false;
    });
    recheck = checkRows(ctx, header, rows);
  }

  let noChangeLines = recheck.findings.filter((f) => f.rule === 'no-change').map((f) => f.line);
  const dropped: CorrectedRow[] = [];
  if (options.dropNoChange && noChangeLines.length > 0) {
    const drop = new Set(noChangeLines);
    rows = rows.filter((r) => {
      if (!drop.has(r.line)) return true;
      dropped.push({ line: r.line, values: [...(original.get(r.line) ?? r.values)] });
      rowChanges.set(r.line, [
        {
          line: r.line,
          column: '',
          old: 'this row',
          new: 'left out',
          why: 'the row changes nothing: every value already matches the Mailbox Report',
          kinds: ['no-change'],
        },
      ]);
      return false;
    });
    recheck = checkRows(ctx, header, rows);
    noChangeLines = [...drop];
  }

  for (const list of rowChanges.values()) changes.push(...list);
  changes.sort((a, b) => a.line - b.line);
  attention.sort((a, b) => a.line - b.line);
  const offerable = rows.length > 0 && !recheck.findings.some((f) => f.severity === 'block');
  return { header, delimiter: PORTAL_DELIMITER, rows, attention, dropped, changes, noChangeLines, recheck, offerable };
}

function fixCell(value: string): { value: string; reasons: { why: string; kind: FixKind }[] } {
  const reasons: { why: string; kind: FixKind }[] = [];
  let current = value;
  for (const fix of CELL_FIXES) {
    const fixed = fix.apply(current);
    if (!fixed) continue;
    current = fixed.value;
    reasons.push({ why: fixed.why, kind: fix.kind });
  }
  return { value: current, reasons };
}

function fixRow(line: number, original: readonly string[], input: RowFixInput): WorkingRow {
  const row: WorkingRow = { line, original, values: [...original], reasons: new Map(), notes: [] };
  const note = (index: number, why: string, kind: FixKind) => {
    const list = row.reasons.get(index);
    if (list) list.push({ why, kind });
    else row.reasons.set(index, [{ why, kind }]);
  };
  row.values.forEach((value, index) => {
    const fixed = fixCell(value);
    row.values[index] = fixed.value;
    for (const r of fixed.reasons) note(index, r.why, r.kind);
  });
  for (const fix of ROW_FIXES) {
    fix.apply(row, input, (index, value, why) => {
      if (row.values[index] === value) return;
      row.values[index] = value;
      note(index, why, fix.kind);
    });
  }
  return row;
}

function cellChange(line: number, column: string, old: string, value: string, reasons: { why: string; kind: FixKind }[]): Change {
  return { line, column, old, new: value, why: reasons.map((r) => r.why).join('; '), kinds: [...new Set(reasons.map((r) => r.kind))] };
}

/** The same rules over the corrected rows, each keeping its original line so findings name it. */
function checkRows(ctx: CheckContext, header: string[], rows: CorrectedRow[]): CheckResult {
  const table: CsvTable = {
    ...ctx.table,
    delimiter: PORTAL_DELIMITER,
    header,
    rows: rows.map((r) => ({ line: r.line, values: r.values })),
    notes: [],
  };
  // No fingerprint: the corrected rows are not the checked file's.
  return runChecks({
    table,
    template: ctx.template,
    columns: resolveUploadColumns(header),
    mailboxes: ctx.mailboxes,
    reports: ctx.reports,
    settings: ctx.settings,
    submissions: ctx.submissions,
    now: ctx.now,
  });
}

function blockingByLine(findings: readonly Finding[], headerLine: number): Map<number, Finding[]> {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.severity !== 'block' || f.line <= headerLine) continue;
    const list = byLine.get(f.line);
    if (list) list.push(f);
    else byLine.set(f.line, [f]);
  }
  return byLine;
}

function reasonFor(findings: readonly Finding[], notes: readonly string[] = []): string {
  return [...notes, ...findings.map((f) => `${f.message}${f.fix ? ` ${f.fix}` : ''}`)].join(' | ');
}
