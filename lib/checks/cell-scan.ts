import type { CsvTable } from '../csv/types';

/** A cell of the upload: `row` indexes table.rows, `column` the row's values. */
export interface CellAt {
  row: number;
  column: number;
}

/**
 * One look at every cell of an upload, made once per check, for the rules that would otherwise each
 * read every cell of the file: they then look closely at the few cells listed here. Each list is in
 * file order (row by row, then column by column).
 */
export interface CellScan {
  /** Cells with a character at or above U+00AD, where every invisible character (normalize.ts) is. */
  highCharacters: CellAt[];
  /** Cells starting with = + - @, a tab or a carriage return: those a spreadsheet may run as a formula (looksLikeFormula). */
  formulaStarts: CellAt[];
  /** Cells longer than MAX_VALUE_LENGTH. */
  long: CellAt[];
}

/** Longer than any directory field we know of (email addresses stop at 256); the exact limits are not published. */
export const MAX_VALUE_LENGTH = 256;

export function scanCells(table: Pick<CsvTable, 'rows'>): CellScan {
  const scan: CellScan = { highCharacters: [], formulaStarts: [], long: [] };
  const rows = table.rows;
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!.values;
    for (let column = 0; column < values.length; column++) {
      const value = values[column]!;
      if (value.length === 0) continue;
      if (FORMULA_FIRST.has(value.charCodeAt(0))) scan.formulaStarts.push({ row, column });
      if (value.length > MAX_VALUE_LENGTH) scan.long.push({ row, column });
      for (let i = 0; i < value.length; i++) {
        if (value.charCodeAt(i) >= 0xad) {
          scan.highCharacters.push({ row, column });
          break;
        }
      }
    }
  }
  return scan;
}

/** = + - @ tab carriage-return (lib/csv/write's FORMULA_START). */
const FORMULA_FIRST: ReadonlySet<number> = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);
