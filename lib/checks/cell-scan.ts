import type { CsvRow, CsvSource, CsvTable } from '../csv/types';
import { looksLikeFormula, mayHoldFormula } from '../csv/write';
import { hasInvisible, hasInvisibleIn, INVISIBLE_CHARS } from '../portal/normalize';

/** A cell of the upload: `row` indexes table.rows, `column` the row's values. */
export interface CellAt {
  row: number;
  column: number;
}

/**
 * One look at every cell of an upload, made once per check, for the rules that would otherwise each
 * read every cell of the file: they then report only the few cells listed here. Each list is in file
 * order (row by row, then column by column).
 */
export interface CellScan {
  /** Cells with an invisible character (hasInvisible). */
  invisible: CellAt[];
  /** Cells a spreadsheet would run as a formula (looksLikeFormula). */
  formulas: CellAt[];
  /** Cells longer than MAX_VALUE_LENGTH. */
  long: CellAt[];
}

/** Longer than any directory field we know of (email addresses stop at 256); the exact limits are not published. */
export const MAX_VALUE_LENGTH = 256;

/**
 * The cells of these kinds. With the text the table was parsed from (`source`), the whole file is searched
 * once per kind; without it, each row's values are searched as one text. The same cells either way.
 */
export function scanCells(table: Pick<CsvTable, 'rows' | 'delimiter'>, source?: CsvSource): CellScan {
  return source ? scanSource(table, source) : scanRows(table.rows);
}

/**
 * Between a row's values when they are searched as one text: a line break, so that each value starts a line
 * for mayHoldFormula (a line break inside a value can only add rows to look at).
 */
const SEPARATOR = '\n';

/**
 * Each row is searched as one text first (native searches, a few per row, instead of a test per cell):
 * most rows have none of these cells, and only a row that may have one is looked at cell by cell.
 */
function scanRows(rows: readonly CsvRow[]): CellScan {
  const scan: CellScan = { invisible: [], formulas: [], long: [] };
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!.values;
    const text = values.join(SEPARATOR);
    if (mayHoldFormula(text)) collect(values, row, looksLikeFormula, scan.formulas);
    if (text.length > MAX_VALUE_LENGTH) collect(values, row, isLong, scan.long);
    if (hasInvisibleIn(text)) collect(values, row, hasInvisible, scan.invisible);
  }
  return scan;
}

/**
 * Every value of a row lies in the text between the line the row starts on and the line the next row
 * starts on, and is no longer there than it is parsed (quotes come off, nothing is added). So one native
 * search of the whole text per kind finds every row that may hold such a cell, and only those rows are
 * looked at cell by cell; a search may land in a row that has none (a separator inside quotes, a blank
 * line), never miss one. No joined text per row is made: at 50,000 rows in the browser bench, the scan
 * took 30–63 ms against 40–141 ms row by row (alternated pairs, bench/README.md).
 */
function scanSource({ rows, delimiter }: Pick<CsvTable, 'rows' | 'delimiter'>, source: CsvSource): CellScan {
  const scan: CellScan = { invisible: [], formulas: [], long: [] };
  const starts = rowStarts(rows, source);
  const end = source.text.length;
  for (let row = 0; row < rows.length; row++) {
    const extent = (row + 1 < rows.length ? starts[row + 1]! : end) - starts[row]!;
    if (extent > MAX_VALUE_LENGTH) collect(rows[row]!.values, row, isLong, scan.long);
  }
  collectFlagged(rows, rowsWithInvisible(source.text, starts), hasInvisible, scan.invisible);
  collectFlagged(rows, rowsWithFormulaStart(source.text, delimiter, starts), looksLikeFormula, scan.formulas);
  return scan;
}

/** collect() on each row flagged (1), in order. */
function collectFlagged(rows: readonly CsvRow[], flagged: Uint8Array, test: (value: string) => boolean, into: CellAt[]): void {
  for (let row = 0; row < rows.length; row++) if (flagged[row] === 1) collect(rows[row]!.values, row, test, into);
}

/** Where each row starts in the text: the start of its first line. */
function rowStarts(rows: readonly CsvRow[], source: CsvSource): Int32Array {
  const { text, lineBreak, firstLine } = source;
  const starts = new Int32Array(rows.length);
  let line = firstLine;
  let at = 0;
  for (let row = 0; row < rows.length; row++) {
    const wanted = rows[row]!.line;
    while (line < wanted && at !== -1) {
      const next = text.indexOf(lineBreak, at);
      at = next === -1 ? -1 : next + 1;
      line++;
    }
    starts[row] = at === -1 ? text.length : at;
  }
  return starts;
}

/**
 * The row a text position falls in, for positions asked in increasing order (a cursor moving down the rows);
 * -1 before the first row (the headings).
 */
function rowCursor(starts: Int32Array): (at: number) => number {
  let row = 0;
  return (at) => {
    if (starts.length === 0 || at < starts[0]!) return -1;
    while (row + 1 < starts.length && starts[row + 1]! <= at) row++;
    return row;
  };
}

/** The rows (1 = yes) holding an invisible character: after a row's first, the search goes on from the next row. */
function rowsWithInvisible(text: string, starts: Int32Array): Uint8Array {
  const flagged = new Uint8Array(starts.length);
  const rowAt = rowCursor(starts);
  const search = INVISIBLE_ANYWHERE;
  search.lastIndex = starts[0] ?? text.length;
  for (let match = search.exec(text); match !== null; match = search.exec(text)) {
    const row = rowAt(match.index);
    flagged[row] = 1;
    if (row + 1 >= starts.length) break;
    // On from the next row (and past this match whatever the rows say, so the search always moves on).
    search.lastIndex = Math.max(starts[row + 1]!, match.index + 1);
  }
  return flagged;
}

const INVISIBLE_ANYWHERE = new RegExp(INVISIBLE_CHARS.source, 'g');

/**
 * The rows (1 = yes) where a value may start with one of looksLikeFormula's first characters (= + - @ tab
 * carriage-return): where one follows a separator, a line break or an opening quote. A tab that separates
 * values, and any carriage return, can start only a quoted value, so they are looked for only after a quote
 * that itself follows a separator or a line break: an empty cell (",\r\n", "\t\t") is not taken for one. (In
 * a text whose lines end "\n", every carriage return is one of "\r\n": readCsv makes a file with lone ones end
 * every line with "\n".) One native search per character: in Node the whole scan of a 50,000-row file took
 * 19–28 ms this way, against 25–37 ms with one regular expression for all of them.
 */
function rowsWithFormulaStart(text: string, delimiter: CsvTable['delimiter'], starts: Int32Array): Uint8Array {
  const flagged = new Uint8Array(starts.length);
  if (starts.length === 0) return flagged;
  const separator = delimiter.charCodeAt(0);
  const follows = (at: number, quote: boolean): boolean => {
    if (at === 0) return true;
    const c = text.charCodeAt(at - 1);
    return c === separator || c === 0x0a || c === 0x0d || (quote && c === 0x22);
  };
  const flag = (found: (at: number) => boolean, ch: string): void => {
    const rowAt = rowCursor(starts);
    for (let at = text.indexOf(ch, starts[0]!); at !== -1; at = text.indexOf(ch, at + 1)) if (found(at)) flagged[rowAt(at)] = 1;
  };
  for (const ch of delimiter === '\t' ? UNQUOTED_FIRST_IN_TSV : UNQUOTED_FIRST) flag((at) => follows(at, true), ch);
  flag((at) => {
    const next = text.charCodeAt(at + 1);
    return (next === 0x09 || next === 0x0d) && follows(at, false);
  }, '"');
  return flagged;
}

const UNQUOTED_FIRST = ['=', '+', '-', '@', '\t'] as const;
const UNQUOTED_FIRST_IN_TSV = ['=', '+', '-', '@'] as const;

function collect(values: readonly string[], row: number, test: (value: string) => boolean, into: CellAt[]): void {
  for (let column = 0; column < values.length; column++) if (test(values[column]!)) into.push({ row, column });
}

function isLong(value: string): boolean {
  return value.length > MAX_VALUE_LENGTH;
}
