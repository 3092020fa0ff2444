import type { CsvTable } from './types';

export interface CsvShape {
  delimiter: CsvTable['delimiter'];
  lineEnding: CsvTable['lineEnding'];
}

/**
 * Values that a spreadsheet would run as a formula (CSV injection) start with = + - @, a tab or a
 * carriage return. We neutralise them with a leading single quote, the usual mitigation (OWASP):
 * the cell then shows as text and runs nothing. The admin will see the quote, which is the point:
 * such a value in a user file is either a mistake or an attack.
 *
 * Exception: a sign followed only by digits, spaces, brackets, dots and hyphens (a phone number
 * such as +44 7700 900123, or -5) cannot call a function or another program, and adding a quote
 * would break the mobile number the portal reads. Those are left as they are.
 */
export function formulaSafe(value: string): string {
  const first = value.charCodeAt(0);
  // = + - @ TAB CR
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64 && first !== 9 && first !== 13) return value;
  if ((first === 43 || first === 45) && /^[+-][\d\s().-]*$/.test(value) && /\d/.test(value)) return value;
  return `'${value}`;
}

/**
 * Write a CSV the way it was read: same delimiter and line ending, header and column order as given.
 * Every value (header included) is made formula-safe; values holding the delimiter, a quote or a
 * line break are quoted, with inner quotes doubled. The file ends with a line break, as Excel writes it.
 */
export function writeCsv(header: string[], rows: string[][], shape: CsvShape, options?: { bom?: boolean }): string {
  const { delimiter, lineEnding } = shape;
  const parts: string[] = [];
  parts.push(writeRecord(header, delimiter));
  for (const row of rows) parts.push(writeRecord(row, delimiter));
  return (options?.bom ? '\uFEFF' : '') + parts.join(lineEnding) + lineEnding;
}

function writeRecord(values: readonly string[], delimiter: string): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += delimiter;
    out += quoteIfNeeded(formulaSafe(values[i] ?? ''), delimiter);
  }
  return out;
}

function quoteIfNeeded(value: string, delimiter: string): string {
  if (value.indexOf('"') !== -1) return `"${value.replace(/"/g, '""')}"`;
  if (value.indexOf(delimiter) !== -1 || value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) return `"${value}"`;
  return value;
}
