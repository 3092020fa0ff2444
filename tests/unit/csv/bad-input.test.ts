import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks, type CheckResult } from '../../../lib/checks/engine';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import type { Finding } from '../../../lib/checks/types';
import { readCsvBytes } from '../../../lib/csv/read';
import type { CsvReadResult, CsvTable } from '../../../lib/csv/types';
import { availableExports, buildExport } from '../../../lib/output/exports';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';

const DIR = 'tests/fixtures/bad';
const HEADER = BUNDLED_TEMPLATE.header.join(',');
const ROW = (n: number) =>
  `${100000 + n},RXX00000${n},Ms,Ann,Smith${n},Ann Smith${n},ann.smith${n}@nhs.net,Nurse,Cardiology,07700 90000${n},0113 2000000,Acute Services`;

const person = (n: number, firstName: string, lastName: string, email: string): Mailbox => ({
  orgId: 'RXX',
  localId: `RXX00000${n}`,
  email,
  status: 'active',
  statusText: 'Active',
  firstName,
  lastName,
  displayName: `${firstName} ${lastName}`,
  mobile: `07700 90000${n - 1}`,
  ou: 'Acute Services',
  extra: {},
});
const MAILBOXES = [
  person(1, 'Siân', 'O’Connor', 'sian.oconnor1@nhs.net'),
  person(2, 'Chloé', 'Müller', 'chloe.muller2@nhs.net'),
  person(3, 'Zoë', 'Smith-Jones', 'zoe.smithjones3@nhs.net'),
];

function readFixture(name: string): CsvReadResult {
  return readCsvBytes(readFileSync(`${DIR}/${name}`), name);
}

function ok(result: CsvReadResult): CsvTable {
  if (!result.ok) throw new Error(`expected a table, got: ${result.error.message}`);
  return result.table;
}

function checkTable(table: CsvTable): CheckResult {
  return runChecks({
    table,
    template: BUNDLED_TEMPLATE,
    columns: resolveUploadColumns(table.header),
    mailboxes: buildMailboxIndex(MAILBOXES),
    reports: [
      { orgId: 'RXX', orgLabel: 'RXX', fileName: 'Mailbox Report.csv', importedAt: Date.now(), rowCount: 3, rowsWithoutLocalId: 0, columns: [] },
    ],
    settings: { batchSize: 500, staleReportDays: 7 },
    submissions: [],
    now: Date.now(),
  });
}

const of = (findings: Finding[], rule: Finding['rule']) => findings.filter((f) => f.rule === rule);

describe('bad input corpus (tests/fixtures/bad)', () => {
  it('empty.csv: says the file is empty, by name', () => {
    expect(readFixture('empty.csv')).toEqual({
      ok: false,
      error: { fileName: 'empty.csv', code: 'empty', message: expect.stringContaining('empty.csv is empty') },
    });
  });

  it('header-only.csv: reads, and the checks say there are no users to upload', () => {
    const table = ok(readFixture('header-only.csv'));
    expect(table.rows).toEqual([]);
    expect(of(checkTable(table).findings, 'header')).toEqual([
      expect.objectContaining({ severity: 'block', line: 1, message: expect.stringContaining('no users below it') }),
    ]);
  });

  it('binary.csv: says it is not a text file', () => {
    expect(readFixture('binary.csv')).toMatchObject({
      ok: false,
      error: { code: 'binary', fileName: 'binary.csv', message: expect.stringContaining('not a text file') },
    });
  });

  it('workbook-renamed.csv: says it is an Excel workbook and how to save it as CSV', () => {
    expect(readFixture('workbook-renamed.csv')).toMatchObject({
      ok: false,
      error: { code: 'binary', message: expect.stringMatching(/Excel workbook .*CSV UTF-8/) },
    });
  });

  it('utf16le-bom.csv: decodes Excel "Unicode text" (UTF-16 LE, tabs) with accents intact', () => {
    const table = ok(readFixture('utf16le-bom.csv'));
    expect(table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', header: BUNDLED_TEMPLATE.header });
    expect(table.rows.map((r) => r.values[3])).toEqual(['Siân', 'Chloé']);
    expect(table.notes.join(' ')).toMatch(/UTF-16/);
    expect(checkTable(table).findings.filter((f) => f.severity === 'block')).toEqual([]);
  });

  it('utf16be-bom.csv: decodes UTF-16 BE', () => {
    const table = ok(readFixture('utf16be-bom.csv'));
    expect(table).toMatchObject({ encoding: 'utf-16be', delimiter: ',' });
    expect(table.rows[0]!.values[4]).toBe('O’Connor');
  });

  it('windows-1252.csv: reads Windows-1252 names (curly apostrophe included) and says so', () => {
    const table = ok(readFixture('windows-1252.csv'));
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows.map((r) => `${r.values[3]} ${r.values[4]}`)).toEqual(['Siân O’Connor', 'Chloé Müller', 'Zoë Smith-Jones']);
    expect(table.notes.join(' ')).toMatch(/Windows-1252/);
    expect(checkTable(table).findings.filter((f) => f.severity === 'block')).toEqual([]);
  });

  it('mixed-line-endings.csv: every row on its own line number', () => {
    const table = ok(readFixture('mixed-line-endings.csv'));
    expect(table.rows.map((r) => [r.line, r.values[1]])).toEqual([
      [2, 'RXX000001'],
      [3, 'RXX000002'],
      [4, 'RXX000003'],
    ]);
  });

  it('unterminated-quote.csv: names the line and column where the quote opens', () => {
    expect(readFixture('unterminated-quote.csv')).toMatchObject({
      ok: false,
      error: {
        code: 'unterminated-quote',
        line: 3,
        column: 'JobTitle',
        message: expect.stringMatching(/^Line 3 of unterminated-quote\.csv has a quote mark \(".*JobTitle column/),
      },
    });
  });

  it('unquoted-comma.csv: names the line that has one value too many', () => {
    expect(readFixture('unquoted-comma.csv')).toMatchObject({
      ok: false,
      error: { code: 'ragged', line: 4, message: expect.stringMatching(/^Line 4 .* 13 values but the heading row has 12 columns/) },
    });
  });

  it('duplicate-headers.csv: blocks, naming the duplicated column and its positions', () => {
    const findings = of(checkTable(ok(readFixture('duplicate-headers.csv'))).findings, 'header');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'block',
        line: 1,
        column: 'EmailAddress',
        message: expect.stringContaining('"EmailAddress" appears 2 times (columns 7 and 13)'),
      }),
    ]);
  });

  it('mailbox-report-as-upload.csv: says plainly that this is a Mailbox Report, not an upload', () => {
    const findings = of(checkTable(ok(readFixture('mailbox-report-as-upload.csv'))).findings, 'header');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'block',
        message: expect.stringMatching(/looks like a Mailbox Report/),
        fix: expect.stringMatching(/Reports page/),
      }),
    ]);
  });

  it('semicolons.csv: reads Excel regional-settings files (BOM, semicolons) and suggests commas', () => {
    const table = ok(readFixture('semicolons.csv'));
    expect(table).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', header: BUNDLED_TEMPLATE.header });
    expect(table.notes.join(' ')).toMatch(/semicolons/);
    expect(checkTable(table).findings.filter((f) => f.severity === 'block')).toEqual([]);
  });

  it('hostile-values.csv: flags invisible characters by column; formulas neutralised in the file for reading, kept exactly in files for upload', () => {
    const table = ok(readFixture('hostile-values.csv'));
    const result = checkTable(table);
    const suspicious = of(result.findings, 'suspicious-characters');
    expect(suspicious.map((f) => [f.line, f.column])).toEqual([
      [2, 'ExternalSyncID'],
      [3, 'LastName'],
    ]);
    expect(suspicious[0]!.message).toMatch(/zero-width space.*look the same/);
    expect(suspicious[1]!.message).toMatch(/right-to-left override/);
    const columns = resolveUploadColumns(table.header);
    for (const kind of ['without-blocked', 'batches', 'needs-attention', 'without-password', 'remainder'] as const) {
      const files = buildExport(kind, table, columns, result, { batchSize: 2, submissions: [] });
      const all = files.map((f) => f.content).join('');
      if (kind === 'needs-attention') {
        expect(all, kind).toContain(`"'=HYPERLINK(""http://example.invalid""`);
        expect(all, kind).not.toMatch(/(^|[,\n])"?[=@]/);
      } else if (all.includes('HYPERLINK')) {
        expect(all, kind).toContain(`"=HYPERLINK(""http://example.invalid""`);
        expect(all, kind).not.toContain(`'=HYPERLINK`);
      }
    }
    expect(availableExports(table, columns, result)).toContain('needs-attention');
  });
});

describe('big bad input, built in the test', () => {
  it('10,000 columns: reads, and the header check summarises the unknown columns in one finding', () => {
    const extra = Array.from({ length: 10_000 - 12 }, (_, i) => `Extra${i + 1}`);
    const text = `${[HEADER, ...extra].join(',')}\r\n${ROW(1)}${',x'.repeat(extra.length)}\r\n`;
    const table = ok(readCsvBytes(new TextEncoder().encode(text), 'wide.csv'));
    expect(table.header).toHaveLength(10_000);
    const findings = of(checkTable(table).findings, 'header');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/9,988 columns .*"Extra1".*and 9,978 more/);
  });

  it('a 5 MB single cell: reads it whole and warns, without quoting 5 MB back', () => {
    const big = 'A'.repeat(5 * 1024 * 1024);
    const text = `${HEADER}\r\n${ROW(1).replace('Nurse', big)}\r\n`;
    const table = ok(readCsvBytes(new TextEncoder().encode(text), 'big-cell.csv'));
    expect(table.rows[0]!.values[7]).toHaveLength(big.length);
    const result = checkTable(table);
    expect(of(result.findings, 'invalid-field')).toEqual([
      expect.objectContaining({ severity: 'warn', line: 2, column: 'JobTitle', message: expect.stringContaining('5,242,880 characters') }),
    ]);
    for (const f of result.findings) expect(f.message.length + (f.fix?.length ?? 0)).toBeLessThan(5000);
  });

  it('200,000 blank lines: ignored, with the following row keeping its true line number', () => {
    const text = `${HEADER}\r\n${ROW(1)}\r\n${'\r\n'.repeat(200_000)}${ROW(2)}\r\n`;
    const table = ok(readCsvBytes(new TextEncoder().encode(text), 'blank-lines.csv'));
    expect(table.rows.map((r) => r.line)).toEqual([2, 200_003]);
    expect(table.notes.join(' ')).toMatch(/200,000 blank lines were ignored/);
  });
});
