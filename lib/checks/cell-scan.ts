import type { CsvTable } from '../csv/types';
import { looksLikeFormula, mayHoldFormula } from '../csv/write';
import { hasInvisible, hasInvisibleIn } from '../portal/normalize';

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
 * Between a row's values when they are searched as one text: a line break, so that each value starts a line
 * for mayHoldFormula (a line break inside a value can only add rows to look at).
 */
const SEPARATOR = '\n';

/**
 * Each row is searched as one text first (native searches, a few per row, instead of a test per cell):
 * most rows have none of these cells, and only a row that may have one is looked at cell by cell.
 */
export function scanCells(table: Pick<CsvTable, 'rows'>): CellScan {
  const scan: CellScan = { invisible: [], formulas: [], long: [] };
  const rows = table.rows;
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!.values;
    const text = values.join(SEPARATOR);
    if (mayHoldFormula(text)) collect(values, row, looksLikeFormula, scan.formulas);
    if (text.length > MAX_VALUE_LENGTH) collect(values, row, isLong, scan.long);
    if (hasInvisibleIn(text)) collect(values, row, hasInvisible, scan.invisible);
  }
  return scan;
}

function collect(values: readonly string[], row: number, test: (value: string) => boolean, into: CellAt[]): void {
  for (let column = 0; column < values.length; column++) if (test(values[column]!)) into.push({ row, column });
}

function isLong(value: string): boolean {
  return value.length > MAX_VALUE_LENGTH;
}
