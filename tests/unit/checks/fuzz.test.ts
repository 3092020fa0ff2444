import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks/engine';
import { buildMailboxIndex, mailboxNameKeys, personNameKeys } from '../../../lib/checks/mailbox-index';
import { readCsv, readCsvBytes } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { formulaSafe, writeCsv } from '../../../lib/csv/write';
import { availableExports, buildExport, REASON_COLUMN } from '../../../lib/output/exports';
import { cell, COLUMN_ROLES, resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox, MailboxStatus } from '../../../lib/portal/mailbox';
import { emailKey, localIdKey, mobileKey, namesMatch } from '../../../lib/portal/normalize';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { compareHeader } from '../../../lib/portal/template-check';
import { findSubmissionOverlaps, isUnsafeToRepeat } from '../../../lib/checks/submission-overlap';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { predictedRows } from '../../../lib/submissions/submitted-rows';
import {
  markExpired,
  markFinished,
  markProcessing,
  markProcessingUnconfirmed,
  markUploadClicked,
  startPreparing,
  TransitionError,
} from '../../../lib/submissions/transitions';
import type { Submission } from '../../../lib/submissions/types';
import { NOW } from './helpers';

// Characters that break CSV files and checks: delimiters, quotes, every line break, NUL, BOM,
// invisible and bidi characters, accents, formula starters.
const nasty = fc.constantFrom(
  ',',
  ';',
  '\t',
  '"',
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\uFEFF',
  '\u200B',
  '\u202E',
  'é',
  '’',
  '=',
  '+',
  '-',
  '@',
  ' ',
  'a',
  'Z',
  '0',
  '7',
  'x',
);
const nastyText = fc.oneof(fc.string({ unit: nasty, maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }));

describe('fuzz: CSV reader', () => {
  it('never throws; every row has the header width and a real, increasing line number', () => {
    fc.assert(
      fc.property(nastyText, (text) => {
        const result = readCsv({ text, encoding: 'utf-8' }, 'fuzz.csv');
        if (!result.ok) {
          expect(result.error.message).toContain('fuzz.csv');
          return;
        }
        const lineCount = text.split(/\r\n|\r|\n/).length;
        let previous = result.table.headerLine ?? 1;
        for (const row of result.table.rows) {
          expect(row.values).toHaveLength(result.table.header.length);
          expect(row.line).toBeGreaterThan(previous);
          expect(row.line).toBeLessThanOrEqual(lineCount);
          previous = row.line;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = readCsvBytes(bytes, 'bytes.csv');
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('fuzz: header resolution', () => {
  it('never throws and only points at columns that exist', () => {
    const heading = fc.oneof(
      fc.constantFrom(...BUNDLED_TEMPLATE.header, 'Password', 'Local ID', 'E-mail', 'Status', 'MailboxType', ''),
      fc.string({ unit: nasty, maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(heading, { maxLength: 20 }), (header) => {
        const columns = resolveUploadColumns(header);
        for (const role of COLUMN_ROLES) {
          const index = columns[role];
          if (index !== undefined) expect(index).toBeLessThan(header.length);
        }
        const cmp = compareHeader(header, BUNDLED_TEMPLATE);
        expect(cmp.missing.length + header.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

// Values drawn from the ones that trigger rules: real IDs, wrong IDs, blanks, invisible characters, formulas.
const IDS = ['RXX000001', 'RXX000002', 'RXX000003', 'RXX999999', '', ' RXX000001 ', 'RXX\u200B000002'];
const EMAILS = ['ann.smith1@nhs.net', 'ANN.SMITH1@NHS.NET', 'bob.jones2@nhs.net', 'not-an-email', '', '=cmd|x'];
const NAMES = ['Ann', 'Siân', "O'Connor", 'O’Connor', 'Smith-Jones', '', 'Dr Ann', 'Bob\u202E', '@SUM(1)'];
const MOBILES = ['07700 900001', '+44 7700 900002', '+44 07700 900003', '0113 2345678', '7700900001', '', '-1+2'];
const OUS = ['Acute Services', 'Corporate', '', 'acute  services'];
const STATUSES: MailboxStatus[] = ['active', 'leaver', 'pending', 'disabled', 'unknown', 'deleted-permanent'];

const mailboxArb = fc.record({
  orgId: fc.constantFrom('RXX', 'RYY'),
  localId: fc.constantFrom(...IDS.slice(0, 4)),
  email: fc.constantFrom(...EMAILS.slice(0, 3)),
  status: fc.constantFrom(...STATUSES),
  statusText: fc.constantFrom('Active', 'Active (Leaver)', 'Pending', ''),
  firstName: fc.constantFrom(...NAMES),
  lastName: fc.constantFrom(...NAMES),
  mobile: fc.constantFrom(...MOBILES),
  ou: fc.constantFrom(...OUS),
  extra: fc.constant({} as Record<string, string>),
}) as fc.Arbitrary<Mailbox>;

const UPLOAD_HEADER = [...BUNDLED_TEMPLATE.header, 'Password'];
const rowArb = fc
  .tuple(
    fc.constantFrom('', '100001'),
    fc.constantFrom(...IDS),
    fc.constantFrom('Ms', '', '+Dr'),
    fc.constantFrom(...NAMES),
    fc.constantFrom(...NAMES),
    fc.constantFrom('Ann Smith', ''),
    fc.constantFrom(...EMAILS),
    fc.constantFrom('Nurse', '=HYPERLINK("x")', '', 'x'.repeat(300)),
    fc.constantFrom('Cardiology', ''),
    fc.constantFrom(...MOBILES),
    fc.constantFrom('0113 2000000', ''),
    fc.constantFrom(...OUS),
    fc.constantFrom('', 'Secret1!'),
  )
  .map((values) => [...values]);

const submissionArb = fc.record({
  id: fc.constant('s'),
  state: fc.constantFrom('preparing', 'processing', 'results-received', 'finished', 'expired'),
  fileName: fc.constant('earlier.csv'),
  fingerprint: fc.constant('x'),
  rowCount: fc.nat(5),
  header: fc.constant([] as string[]),
  localIds: fc.subarray(IDS),
  createdAt: fc.constant(NOW - 1000),
  updatedAt: fc.constant(NOW),
}) as fc.Arbitrary<Submission>;

const scenario = fc.record({
  header: fc.oneof(fc.constant(UPLOAD_HEADER), fc.shuffledSubarray(UPLOAD_HEADER, { minLength: 1 })),
  rows: fc.array(rowArb, { maxLength: 12 }),
  mailboxes: fc.array(mailboxArb, { maxLength: 6 }),
  withReport: fc.boolean(),
  submissions: fc.array(submissionArb, { maxLength: 2 }),
  batchSize: fc.integer({ min: 1, max: 6 }),
  delimiter: fc.constantFrom<CsvTable['delimiter']>(',', ';', '\t'),
  lineEnding: fc.constantFrom<CsvTable['lineEnding']>('\r\n', '\n'),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** One scenario's upload written as text and read back (so lines are real file lines), then checked. */
function checkScenario(s: Scenario) {
  const keep = s.header.map((h) => UPLOAD_HEADER.indexOf(h));
  const text = writeCsv(
    s.header,
    s.rows.map((r) => keep.map((i) => r[i] ?? '')),
    { delimiter: s.delimiter, lineEnding: s.lineEnding },
    { purpose: 'upload' },
  );
  const read = readCsv({ text, encoding: 'utf-8' }, 'fuzz.csv');
  if (!read.ok) throw new Error(read.error.message);
  const table = read.table;
  const columns = resolveUploadColumns(table.header);
  const result = runChecks({
    table,
    template: BUNDLED_TEMPLATE,
    columns,
    mailboxes: buildMailboxIndex(s.mailboxes),
    reports: s.withReport
      ? [{ orgId: 'RXX', orgLabel: 'RXX', fileName: 'r.csv', importedAt: NOW, rowCount: 1, rowsWithoutLocalId: 0, columns: [] }]
      : [],
    settings: { batchSize: s.batchSize, staleReportDays: 7 },
    submissions: s.submissions,
    now: NOW,
  });
  return { table, columns, result };
}

describe('fuzz: rules and exports', () => {
  it('never fail, point only at lines in the file, and corrected files keep every untouched value', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { table, columns, result } = checkScenario(s);

        const lines = new Set([0, table.headerLine ?? 1, ...table.rows.map((r) => r.line)]);
        for (const f of result.findings) {
          expect(lines.has(f.line), `${f.rule} points at line ${f.line}`).toBe(true);
          expect(f.message).not.toMatch(/could not (complete|analyse)/);
        }
        expect(result.summary.rows).toBe(table.rows.length);
        expect(result.summary.predictedUpdates + result.summary.predictedNewAccounts).toBeLessThanOrEqual(table.rows.length);

        // Files for upload carry the values exactly; the needs-attention file is for reading, so formula-safe.
        const original = table.rows.map((r) => r.values);
        const forReading = table.rows.map((r) => r.values.map(formulaSafe));
        const passwordAt = columns.password;
        const exportOptions = {
          batchSize: s.batchSize,
          submissions: s.submissions,
          evidence: { reports: [], mailboxes: buildMailboxIndex(s.mailboxes), now: NOW },
        };
        for (const kind of availableExports(table, columns, result, exportOptions)) {
          const files = buildExport(kind, table, columns, result, exportOptions);
          for (const file of files) {
            const back = readCsv({ text: file.content.replace(/^\uFEFF/, ''), encoding: 'utf-8' }, file.name);
            if (!back.ok) throw new Error(`${kind}: ${back.error.message}`);
            const rows = back.table.rows.map((r) => r.values);
            if (kind === 'without-password') {
              // A row that held only a password is blank without it, and a blank line is not a row.
              expect(rows).toEqual(original.map((r) => r.filter((_, i) => i !== passwordAt)).filter((r) => r.some((v) => v.trim() !== '')));
            } else if (kind === 'needs-attention') {
              expect(back.table.header.at(-1)).toBe(REASON_COLUMN);
              for (const r of rows) expect(forReading).toContainEqual(r.slice(0, -1));
            } else {
              // Rows are a subsequence of the original, every value exactly as it was.
              let from = 0;
              for (const r of rows) {
                const at = original.findIndex((o, i) => i >= from && JSON.stringify(o) === JSON.stringify(r));
                expect(at, `${kind}: row not in the original, in order`).toBeGreaterThanOrEqual(0);
                from = at + 1;
              }
            }
            expect(back.table.header.slice(0, kind === 'needs-attention' ? -1 : undefined)).toEqual(
              kind === 'without-password'
                ? table.header.filter((_, i) => i !== passwordAt)
                : kind === 'needs-attention'
                  ? table.header.map(formulaSafe)
                  : table.header,
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000); // 300 runs take a few seconds, more on a busy machine

  it("no row that the report shows as another person's passes as a plain update", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { table, columns, result } = checkScenario(s);
        const blocked = new Set(result.findings.filter((f) => f.severity === 'block').map((f) => f.line));
        // Brute force, independent of the engine's indexes: what the report says about each row.
        const live = s.mailboxes.filter((m) => m.status !== 'deleted-permanent');
        for (const row of table.rows) {
          const idKey = localIdKey(cell(row.values, columns, 'localId'));
          const owners = live.filter((m) => idKey !== '' && localIdKey(m.localId) === idKey);
          if (owners.length === 0) continue; // not an update
          const email = emailKey(cell(row.values, columns, 'email'));
          const names = personNameKeys(
            cell(row.values, columns, 'firstName'),
            cell(row.values, columns, 'lastName'),
            cell(row.values, columns, 'displayName'),
          );
          const mobile = mobileKey(cell(row.values, columns, 'mobile'));
          const sameNameAndMobile = (m: Mailbox) =>
            names.length > 0 && mobile !== '' && mobileKey(m.mobile) === mobile && namesMatch(names, mailboxNameKeys(m));
          const others = live.filter((m) => localIdKey(m.localId) !== idKey);
          const emailIsOthers = email !== '' && !owners.some((m) => emailKey(m.email) === email) && others.some((m) => emailKey(m.email) === email);
          const personIsOthers = !owners.some(sameNameAndMobile) && others.some(sameNameAndMobile);
          if (emailIsOthers || personIsOthers) {
            expect(
              blocked.has(row.line),
              `line ${row.line} is another person's (${emailIsOthers ? 'email' : 'name and mobile'}) but is not blocked`,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe('fuzz: submission history', () => {
  const step = fc.constantFrom('clicked', 'processing', 'unconfirmed', 'finished', 'expired', 'finished-again');
  it('no upload without reconciled results becomes safe to repeat: its creates stay held, and its updates while it processes', () => {
    const text = writeCsv(
      ['ExternalSyncID', 'FirstName', 'LastName', 'EmailAddress'],
      [
        ['RXX000001', 'Ann', 'Smith', 'ann@nhs.net'],
        ['', 'Nia', 'New', 'nia@nhs.net'],
      ],
      { delimiter: ',', lineEnding: '\r\n' },
      { purpose: 'upload' },
    );
    const read = readCsv({ text, encoding: 'utf-8' }, 'same.csv');
    if (!read.ok) throw new Error(read.error.message);
    const table = read.table;
    const columns = resolveUploadColumns(table.header);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), fc.boolean(), (steps, predicted) => {
        let s = startPreparing(
          {
            fileName: 'same.csv',
            fingerprint: fingerprintRows(table.rows.map((r) => r.values)),
            rowCount: 2,
            header: table.header,
            localIds: ['RXX000001'],
            ...(predicted
              ? { predictedUpdateLocalIds: ['RXX000001'], predictedCreates: predictedRows(table, columns, ['RXX000001']).predictedCreates }
              : {}),
          },
          { id: 's' },
          NOW - 10_000,
        );
        let uploaded = false;
        steps.forEach((name, i) => {
          const at = NOW - 9_000 + i;
          try {
            if (name === 'clicked') s = markUploadClicked(s, at);
            else if (name === 'processing') s = markProcessing(s, at);
            else if (name === 'unconfirmed') s = s.uploadClickedAt !== undefined ? markProcessingUnconfirmed(s, at) : s;
            else if (name === 'expired') s = markExpired(s, at, 1);
            else s = markFinished(s, at);
          } catch (error) {
            if (!(error instanceof TransitionError)) throw error;
          }
          if (s.state !== 'preparing') uploaded = true;
          if (uploaded) {
            expect(isUnsafeToRepeat(s), `${steps.slice(0, i + 1).join(' → ')}`).toBe(true);
            // The create stays held; the update only while the upload is processing, when it is known to be one.
            const updateSafe = predicted && s.state !== 'processing';
            expect(findSubmissionOverlaps(table, columns, [s]).map((o) => o.rowIndexes)).toEqual([updateSafe ? [1] : [0, 1]]);
          }
        });
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
