import type { CsvTable } from '../csv/types';
import { looksLikeFormula } from '../csv/write';
import { hasInvisible } from '../portal/normalize';

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

export function scanCells(table: Pick<CsvTable, 'rows'>): CellScan {
  const scan: CellScan = { invisible: [], formulas: [], long: [] };
  const rows = table.rows;
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!.values;
    for (let column = 0; column < values.length; column++) {
      const value = values[column]!;
      if (value.length === 0) continue;
      if (looksLikeFormula(value)) scan.formulas.push({ row, column });
      if (value.length > MAX_VALUE_LENGTH) scan.long.push({ row, column });
      if (hasInvisible(value)) scan.invisible.push({ row, column });
    }
  }
  return scan;
}
