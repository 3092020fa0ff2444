import { mapColumns, type ColumnRole } from './columns';
import type { CsvRecord } from './csv-records';

/** An upload record read through the header's column roles. */
export interface UploadRow {
  line: number;
  values: Partial<Record<ColumnRole, string>>;
}

export function readRows(header: readonly string[], records: readonly CsvRecord[]): UploadRow[] {
  const columns = mapColumns(header);
  return records.map((record) => {
    const values: Partial<Record<ColumnRole, string>> = {};
    for (const [role, index] of Object.entries(columns) as [ColumnRole, number][]) {
      values[role] = (record.fields[index] ?? '').trim();
    }
    return { line: record.line, values };
  });
}
