import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../lib/csv/read';
import { formulaSafe, writeCsv, type CsvPurpose } from '../../../lib/csv/write';
import type { CsvTable } from '../../../lib/csv/types';

// Values admins really have: names with accents and apostrophes, commas, quotes, line breaks, spaces.
const valueChar = fc.constantFrom('a', 'Z', 'â', 'ë', '’', "'", '-', ' ', ',', ';', '\t', '"', '\n', '0', '7', '+', '=', '@', '.');
const value = fc.string({ unit: valueChar, maxLength: 12 });
const headingChar = fc.constantFrom('A', 'b', 'I', 'D', 'x', ' ', '_');
const shape = fc.record({
  delimiter: fc.constantFrom<CsvTable['delimiter']>(',', ';', '\t'),
  lineEnding: fc.constantFrom<CsvTable['lineEnding']>('\r\n', '\n'),
});

const fileArb = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    header: fc.uniqueArray(
      fc.string({ unit: headingChar, minLength: 1, maxLength: 8 }).filter((h) => h.trim() !== '' && h.trim() === h),
      { minLength: width, maxLength: width },
    ),
    // A row needs one visible value: rows of only blanks are blank lines, which the reader skips.
    rows: fc.array(
      fc.array(value, { minLength: width, maxLength: width }).filter((r) => r.some((v) => v.trim() !== '')),
      { maxLength: 8 },
    ),
    shape,
  }),
);

describe('write then read', () => {
  it('keeps every value (exactly for upload, formula-safe for reading), the header, the shape, and line numbers that match the written text', () => {
    fc.assert(
      fc.property(fileArb, fc.constantFrom<CsvPurpose>('upload', 'reading'), ({ header, rows, shape: drawn }, purpose) => {
        // A one-column file has no delimiter to detect; such files are written with commas.
        const shape = header.length === 1 ? { ...drawn, delimiter: ',' as const } : drawn;
        const text = writeCsv(header, rows, shape, { purpose });
        const result = readCsv({ text, encoding: 'utf-8' }, 'round.csv');
        if (!result.ok) throw new Error(result.error.message);
        const t = result.table;
        expect(t.header).toEqual(header);
        expect(t.rows.map((r) => r.values)).toEqual(purpose === 'upload' ? rows : rows.map((r) => r.map(formulaSafe)));
        // Each row starts on the line after the previous row's last line.
        let line = 2;
        t.rows.forEach((r, i) => {
          expect(r.line).toBe(line);
          line += 1 + rows[i]!.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
        });
        expect(t.delimiter).toBe(shape.delimiter);
        expect(t.lineEnding).toBe(shape.lineEnding);
      }),
      { numRuns: 300 },
    );
  }, 60_000); // 300 files written and read: seconds on a quiet machine, more on a busy shared one
});
