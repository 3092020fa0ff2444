import type { CsvTable } from '../csv/types';
import { writeCsv } from '../csv/write';
import type { Correction } from '../fixes/correct';
import type { ExportedFile } from '../messaging/checks-protocol';
import { roleOfHeader } from '../portal/columns';
import { baseName, REASON_COLUMN } from './exports';

/**
 * The corrected file, meant for upload: the admin's values exactly, apart from the listed changes.
 * UTF-8, with a BOM when the original had one or was not UTF-8 (so Excel shows accents), commas
 * between columns as in the portal's sample file, the original's line endings.
 */
export function correctedFile(correction: Correction, table: CsvTable): ExportedFile {
  return {
    name: `${baseName(table.fileName)} (corrected).csv`,
    content: writeCsv(
      correction.header,
      correction.rows.map((r) => r.values),
      { delimiter: correction.delimiter, lineEnding: table.lineEnding },
      { purpose: 'upload', bom: table.encoding !== 'utf-8' },
    ),
  };
}

/**
 * The rows CSV Guard did not correct, meant for reading: each original row as it was (no password),
 * with the reason in an extra column. Formula-safe, since it is opened in a spreadsheet.
 */
export function needsAttentionFile(correction: Correction, table: CsvTable): ExportedFile | undefined {
  if (correction.attention.length === 0) return undefined;
  const keep = table.header.map((_, i) => i).filter((i) => roleOfHeader(table.header[i] ?? '') !== 'password');
  return {
    name: `${baseName(table.fileName)} (needs attention).csv`,
    content: writeCsv(
      [...keep.map((i) => table.header[i] ?? ''), REASON_COLUMN],
      correction.attention.map((r) => [...keep.map((i) => r.values[i] ?? ''), r.reason]),
      { delimiter: table.delimiter, lineEnding: table.lineEnding },
      { purpose: 'reading', bom: table.encoding !== 'utf-8' },
    ),
  };
}

/** Every change as a table the admin can keep: line, column, old value, new value, why. */
export function changeListFile(correction: Correction, table: CsvTable): ExportedFile {
  return {
    name: `${baseName(table.fileName)} (changes made).csv`,
    content: writeCsv(
      ['Line', 'Column', 'Old value', 'New value', 'Why'],
      correction.changes.map((c) => [c.line === 0 ? 'whole file' : String(c.line), c.column, c.old, c.new, c.why]),
      { delimiter: ',', lineEnding: '\r\n' },
      { purpose: 'reading', bom: true },
    ),
  };
}
