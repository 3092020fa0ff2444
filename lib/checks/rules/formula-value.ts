import type { Rule } from '../rule';

/**
 * A value a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first). Files meant
 * for upload keep the admin's values exactly, so instead of quietly escaping it CSV Guard says so here:
 * the portal stores it as written, and it may run when someone later opens a report of it in Excel.
 */
export const formulaValueRule: Readonly<Rule> = {
  id: 'formula-value',
  run(input, emit) {
    const { header, rows } = input.ctx.table;
    const localIdIndex = input.ctx.columns.localId;
    for (const { row: index, column: i } of input.cells.formulas) {
      const row = rows[index]!;
      const values = row.values;
      const value = values[i]!;
      const column = header[i] ?? `column ${i + 1}`;
      emit({
        rule: 'formula-value',
        severity: 'warn',
        line: row.line,
        column,
        ...(localIdIndex !== undefined && values[localIdIndex] ? { localId: values[localIdIndex]!.trim() } : {}),
        message: `The ${column} value on line ${row.line} starts with "${printable(value[0]!)}", so a spreadsheet would run it as a formula. CSV Guard keeps it exactly as written in files for upload; the portal will store it as it is.`,
        fix: `If the ${column} on line ${row.line} is not meant to start with "${printable(value[0]!)}", remove that character; if it is, leave it.`,
      });
    }
  },
};

function printable(char: string): string {
  if (char === '\t') return 'a tab';
  if (char === '\r') return 'a carriage return';
  return char;
}
