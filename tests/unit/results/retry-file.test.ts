import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildNeedsReviewFile, buildRetryFile, derivedFileName, type ResultsSource } from '../../../lib/results/retry-file';

const header = ['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'Password', 'MobileNumber', 'JobTitle', 'Outcome'];
const rows = [
  ['1', 'L1', 'Ann', 'Lee', 'pw1', '07700 900001', 'Nurse', 'Updated'],
  ['2', 'L2', 'Siân', "O'Connor", 'pw2', '+44 7700 900002', 'Ward Sister, "Night", Cardiology', 'Failed - bad mobile'],
  ['3', 'L3', '=HYPERLINK("http://evil")', 'Smith', 'pw3', '123', 'Line one\nline two', 'Failed - invalid'],
];
const without = (row: readonly string[], index: number) => [...row.slice(0, index), ...row.slice(index + 1)];
const source = (extra: Partial<ResultsSource> = {}, uploadedHeader?: string[]): ResultsSource => {
  const s = {
    fileName: 'March results.csv',
    header,
    rows,
    shape: { delimiter: ',', lineEnding: '\r\n' } as const,
    bom: false,
    resultIndex: 7,
    ...extra,
  };
  return { ...s, uploadedHeader: uploadedHeader ?? without(s.header, s.resultIndex), toUploaded: (row) => without(row, s.resultIndex), ...extra };
};

const parse = (content: string, delimiter = ',') =>
  Papa.parse<string[]>(content.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { delimiter, newline: '\r\n' }).data;

describe('the retry file', () => {
  it('holds only the failed rows, with the original header and column order, without the result or password column', () => {
    const file = buildRetryFile(source(), [1, 2]);
    expect(file.name).toBe('March results - retry.csv');
    const [head, ...data] = parse(file.content);
    expect(head).toEqual(['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'MobileNumber', 'JobTitle']);
    expect(data.map((r) => r[1])).toEqual(['L2', 'L3']);
  });

  it('keeps values intact through quoting: commas, quotes, line breaks, accents and phone numbers', () => {
    const [, second, third] = parse(buildRetryFile(source(), [1, 2]).content);
    expect(second).toEqual(['2', 'L2', 'Siân', "O'Connor", '+44 7700 900002', 'Ward Sister, "Night", Cardiology']);
    expect(third?.[5]).toBe('Line one\nline two');
  });

  it('carries the uploaded values exactly, even formula-like ones: a retry file is meant for upload', () => {
    const [, only] = parse(buildRetryFile(source(), [2]).content);
    expect(only?.[2]).toBe('=HYPERLINK("http://evil")');
  });

  it('makes formula-like values safe in the needs-review file, which is meant for reading', () => {
    const [, only] = parse(buildNeedsReviewFile(source(), [{ rowIndex: 2, why: 'check' }]).content);
    expect(only?.[2]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('uses the uploaded file\u2019s own heading text, delimiter, line endings and byte order mark', () => {
    const file = buildRetryFile(
      source({ shape: { delimiter: ';', lineEnding: '\n' }, bom: true }, ['id', 'External Sync ID', 'First', 'Last', 'Password', 'Mobile', 'Job']),
      [1],
    );
    expect(file.content.startsWith('\uFEFFid;External Sync ID;First;Last;Mobile;Job\n2;L2;')).toBe(true);
    expect(file.content).not.toContain('\r\n');
  });

  it('leaves the result column out wherever it is', () => {
    const moved = buildRetryFile(
      source({ header: ['Outcome', ...header.slice(0, 7)], rows: rows.map((r) => [r[7]!, ...r.slice(0, 7)]), resultIndex: 0 }),
      [1],
    );
    expect(parse(moved.content)[0]).toEqual(['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'MobileNumber', 'JobTitle']);
  });
});

describe('the needs-review file', () => {
  it('lists the flagged rows with the portal\u2019s result and why to look, never the password', () => {
    const file = buildNeedsReviewFile(source(), [{ rowIndex: 0, why: 'A new account was created where an update was expected.' }]);
    expect(file.name).toBe('March results - needs review.csv');
    const [head, row] = parse(file.content);
    expect(head).toEqual(['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'MobileNumber', 'JobTitle', 'Outcome', 'CSV Guard: why to review']);
    expect(row).toEqual(['1', 'L1', 'Ann', 'Lee', '07700 900001', 'Nurse', 'Updated', 'A new account was created where an update was expected.']);
  });

  it('names derived files after the results file', () => {
    expect(derivedFileName('results', 'retry')).toBe('results - retry.csv');
  });
});
