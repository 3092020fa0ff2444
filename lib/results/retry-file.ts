import type { ExportedFile } from '../messaging/checks-protocol';
import { roleOfHeader } from '../portal/columns';
import { writeCsv, type CsvShape } from '../csv/write';

/** A results file's rows and shape, with the result column's position and the uploaded file's layout. */
export interface ResultsSource {
  fileName: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  shape: CsvShape;
  bom: boolean;
  resultIndex: number;
  /** The uploaded file's header (the tracked submission's own heading text when there is one). */
  uploadedHeader: readonly string[];
  /** A results row's values in the uploaded file's column order. */
  toUploaded(row: readonly string[]): string[];
}

/** "staff-results.csv" → "staff-results - retry.csv" */
export function derivedFileName(fileName: string, suffix: string): string {
  const dot = fileName.toLowerCase().endsWith('.csv') ? fileName.length - 4 : fileName.length;
  return `${fileName.slice(0, dot)} - ${suffix}.csv`;
}

/**
 * The failed rows, ready to upload again: the uploaded file's header and column order (the tracked
 * submission's own header text when there is one), no result column, no password column (passwords
 * cannot be changed by CSV), values exactly as uploaded, written with the results file's delimiter and line endings.
 */
export function buildRetryFile(source: ResultsSource, rowIndexes: readonly number[]): ExportedFile {
  const headerText = source.uploadedHeader;
  const keep = headerText.map((h, i) => i).filter((i) => roleOfHeader(headerText[i] ?? '') !== 'password');
  const rows = rowIndexes.map((r) => {
    const values = source.toUploaded(source.rows[r] ?? []);
    return keep.map((i) => values[i] ?? '');
  });
  return {
    name: derivedFileName(source.fileName, 'retry'),
    content: writeCsv(
      keep.map((i) => headerText[i] ?? ''),
      rows,
      source.shape,
      { purpose: 'upload', bom: source.bom },
    ),
  };
}

/**
 * Rows to look at in the portal, not to upload: the file's own columns (password column left out),
 * the portal's result, and why CSV Guard flags the row.
 */
export function buildNeedsReviewFile(source: ResultsSource, flagged: readonly { rowIndex: number; why: string }[]): ExportedFile {
  const keep = source.header.map((h, i) => i).filter((i) => roleOfHeader(source.header[i] ?? '') !== 'password');
  const header = [...keep.map((i) => source.header[i] ?? ''), 'CSV Guard: why to review'];
  const rows = flagged.map(({ rowIndex, why }) => {
    const values = source.rows[rowIndex] ?? [];
    return [...keep.map((i) => values[i] ?? ''), why];
  });
  return {
    name: derivedFileName(source.fileName, 'needs review'),
    content: writeCsv(header, rows, source.shape, { purpose: 'reading', bom: source.bom }),
  };
}
