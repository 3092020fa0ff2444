import Papa from 'papaparse';

/** One CSV record and the real file line it starts on (header = line 1; quoted fields may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface ParsedUpload {
  header: string[];
  headerLine: number;
  /** Data records, blank lines dropped. */
  records: CsvRecord[];
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** Parses an uploaded CSV with papaparse, keeping each record's starting line number. */
export function parseUpload(text: string): ParsedUpload {
  const all: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    step(result) {
      const cursor = result.meta.cursor;
      const fields = result.data;
      if (!isBlank(fields)) all.push({ line, fields });
      line += countNewlines(text, start, cursor);
      start = cursor;
    },
  });
  const [first, ...records] = all;
  return { header: first?.fields ?? [], headerLine: first?.line ?? 1, records };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}
