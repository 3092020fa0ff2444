import Papa from 'papaparse';
import type { CsvTable } from './types';

export interface CsvShape {
  delimiter: CsvTable['delimiter'];
  lineEnding: CsvTable['lineEnding'];
}

/**
 * What the file is for. An `upload` file carries the admin's values exactly (a value a spreadsheet
 * would run as a formula is a finding, not something to rewrite); a `reading` file (needs attention,
 * history, change list) is opened in Excel, so its formula-like values are neutralised.
 */
export type CsvPurpose = 'upload' | 'reading';

/**
 * Values that a spreadsheet would run as a formula (CSV injection) start with = + - @, a tab or a
 * carriage return. Exception: a sign followed only by digits, spaces, brackets, dots and hyphens
 * (a phone number such as +44 7700 900123, or -5) cannot call a function or another program.
 */
const FORMULA_START = /^(?![+-][\d\s().-]*\d[\d\s().-]*$)[=+\-@\t\r]/;

/** FORMULA_START's first characters (= + - @ tab carriage-return), by code: most values start with none. */
const FORMULA_FIRST: ReadonlySet<number> = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

/** A line starting with one of FORMULA_START's first characters (multiline: `^` is each line's start). */
const FORMULA_FIRST_ON_A_LINE = /^[=+\-@\t\r]/m;

/**
 * Whether some line of this text starts as a formula might: with values joined by line breaks, false means
 * none of them looks like a formula, so a whole row is cleared with one native search.
 */
export function mayHoldFormula(text: string): boolean {
  return FORMULA_FIRST_ON_A_LINE.test(text);
}

/** Whether a spreadsheet would run this value as a formula (checked for every cell of an upload: the first character decides most). */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_FIRST.has(value.charCodeAt(0)) && FORMULA_START.test(value);
}

/**
 * A value made safe to open in a spreadsheet: a formula-like value gets a leading single quote
 * (the usual mitigation, OWASP), so the cell shows as text and runs nothing. For reading files only.
 */
export function formulaSafe(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

/**
 * Write a CSV the way it was read: same delimiter and line ending, header and column order as given,
 * with papaparse's `unparse`. Values are quoted only where needed (delimiter, quote, line break, or a
 * space at either end), inner quotes doubled. The file ends with a line break, as Excel writes it.
 * An upload file keeps every value byte for byte; a reading file is formula-safe (see formulaSafe).
 */
export function writeCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  shape: CsvShape,
  options: { purpose: CsvPurpose; bom?: boolean },
): string {
  const csv = Papa.unparse(
    // papaparse's types ask for mutable arrays, but unparse only reads them.
    { fields: header as string[], data: rows as string[][] },
    {
      delimiter: shape.delimiter,
      newline: shape.lineEnding,
      quotes: false,
      quoteChar: '"',
      escapeChar: '"',
      header: true,
      escapeFormulae: options.purpose === 'reading' ? FORMULA_START : false,
    },
  );
  return (options.bom ? '\uFEFF' : '') + csv + shape.lineEnding;
}
