import { mapColumns } from './columns';
import { parseUpload } from './csv-records';
import type { Directory } from './directory';
import { rowProblem } from './field-rules';
import { readRows } from './upload-rows';

export interface ValidationAnswer {
  errors: { line: number; message: string }[];
  /** Rows whose local ID matches an existing account ("N users already exist and will be updated"). */
  updates: number;
}

/** What the portal's Validate step reports for a file: line-level errors, and how many rows update existing accounts. */
export function validateUpload(directory: Directory, text: string): ValidationAnswer {
  const parsed = parseUpload(text);
  const errors: ValidationAnswer['errors'] = [];
  if (parsed.header.length === 0) return { errors: [{ line: 1, message: 'The file is empty' }], updates: 0 };
  const columns = mapColumns(parsed.header);
  if (columns.email === undefined && (columns.firstName === undefined || columns.lastName === undefined)) {
    errors.push({ line: parsed.headerLine, message: 'The file does not have the headings of the sample file' });
  }
  let updates = 0;
  const rows = readRows(parsed.header, parsed.records);
  for (const [index, row] of rows.entries()) {
    const record = parsed.records[index];
    if (record && record.fields.length !== parsed.header.length) {
      errors.push({ line: row.line, message: `Expected ${parsed.header.length} fields but found ${record.fields.length}` });
      continue;
    }
    const problem = rowProblem(row.values);
    if (problem) errors.push({ line: row.line, message: problem });
    else if (row.values.localId && directory.byLocalId(row.values.localId)) updates++;
  }
  return { errors, updates };
}
