import Papa from 'papaparse';
import { readCsv } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { markProcessing, startPreparing } from '../../../lib/submissions/transitions';
import type { Submission } from '../../../lib/submissions/types';
import { COL, generatePeople, uploadCsv } from '../../support/generate';

export { COL };

/** An upload file and its parsed header/rows, as the admin chose it. */
export function upload(count = 5, edit?: (row: string[], index: number) => string[]) {
  const people = generatePeople(count, 7);
  const text = uploadCsv(people, edit);
  const parsed = Papa.parse<string[]>(text.trim(), { newline: '\r\n' }).data;
  const [header = [], ...rows] = parsed;
  return { people, text, header, rows };
}

/** The portal's results email CSV: the uploaded rows plus one column (name and position chosen by the test). */
export function resultsCsv(
  up: { header: string[]; rows: string[][] },
  results: readonly string[],
  options: { column?: string; at?: number; header?: (h: string) => string; delimiter?: string; newline?: string } = {},
): string {
  const at = options.at ?? up.header.length;
  const insert = <T>(row: T[], value: T) => [...row.slice(0, at), value, ...row.slice(at)];
  const header = insert(up.header.map(options.header ?? ((h) => h)), options.column ?? 'Upload Result');
  const rows = up.rows.map((row, i) => insert(row, results[i] ?? ''));
  return Papa.unparse({ fields: header, data: rows }, { newline: options.newline ?? '\r\n', delimiter: options.delimiter ?? ',' });
}

export function table(text: string, fileName = 'results.csv'): CsvTable {
  const read = readCsv({ text, encoding: 'utf-8' }, fileName);
  if (!read.ok) throw new Error(read.error.message);
  return read.table;
}

/** A tracked submission of this upload, in the state the portal left it. */
export function trackedSubmission(up: { header: string[]; rows: string[][] }, fileName = 'staff.csv', id = 'sub-1'): Submission {
  const localIds = up.rows.map((r) => r[COL.ExternalSyncID!] ?? '');
  const prepared = startPreparing(
    { fileName, fingerprint: fingerprintRows(up.rows), rowCount: up.rows.length, header: up.header, localIds },
    { id, tabId: 3 },
    Date.UTC(2026, 2, 2, 9, 0),
  );
  return markProcessing(prepared, Date.UTC(2026, 2, 2, 9, 5));
}
