import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { readCsv } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { looksLikeMailboxReport, parseMailboxReport, parseReportDate } from '../../../lib/portal/mailbox-report';
import { normalizeStatus } from '../../../lib/portal/status';
import { generatePeople, mailboxReportCsv, uploadCsv } from '../../support/generate';

function table(text: string, fileName = 'Mailbox Report.csv'): CsvTable {
  const read = readCsv({ text, encoding: 'utf-8' }, fileName);
  if (!read.ok) throw new Error(read.error.message);
  return read.table;
}

const csv = (rows: string[][]) => Papa.unparse(rows, { newline: '\r\n' });

describe('parseMailboxReport', () => {
  it('reads every mailbox of a generated report, keeping the columns it does not model', () => {
    const people = generatePeople(50);
    const result = parseMailboxReport(table(mailboxReportCsv(people)), 'trust-a');
    if (!result.ok) throw new Error(result.error);
    expect(result.mailboxes).toHaveLength(50);
    const first = result.mailboxes[0]!;
    expect(first).toMatchObject({
      orgId: 'trust-a',
      localId: people[0]!.localId,
      email: people[0]!.email,
      firstName: people[0]!.firstName,
      lastName: people[0]!.lastName,
      mobile: people[0]!.mobile,
      mailboxType: 'User',
    });
    expect(first.extra).toEqual({ MFAStatus: 'Enabled' });
    expect(result.columns).toContain('ExternalSyncID');
    expect(result.rowsWithoutLocalId).toBe(0);
  });

  it('accepts other spellings of the email and local ID headers and needs nothing else', () => {
    const result = parseMailboxReport(
      table(
        csv([
          ['Primary SMTP', 'Local_ID'],
          ['A.Person@nhs.net', ' RXX1 '],
        ]),
      ),
      'org',
    );
    expect(result.ok && result.mailboxes[0]).toMatchObject({ email: 'A.Person@nhs.net', localId: 'RXX1', status: 'unknown' });
    for (const header of [
      ['Email Address', 'External Sync ID'],
      ['email', 'Local Unique Identifier'],
      ['EMAILADDRESS', 'externalsyncid'],
    ]) {
      expect(looksLikeMailboxReport(header)).toBe(true);
    }
  });

  it('keeps rows without a local ID and counts them', () => {
    const result = parseMailboxReport(
      table(
        csv([
          ['EmailAddress', 'ExternalSyncID', 'Status'],
          ['a@nhs.net', 'X1', 'Active'],
          ['b@nhs.net', '', 'Active'],
          ['c@nhs.net', '  ', 'Pending'],
        ]),
      ),
      'org',
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.mailboxes.map((m) => m.email)).toEqual(['a@nhs.net', 'b@nhs.net', 'c@nhs.net']);
    expect(result.rowsWithoutLocalId).toBe(2);
  });

  it('says plainly when an upload CSV was chosen instead of the report', () => {
    const result = parseMailboxReport(table(uploadCsv(generatePeople(3)), 'march-updates.csv'), 'org');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('“march-updates.csv”');
    expect(result.error).toMatch(/upload file, not the Mailbox Report/);
    expect(result.error).toMatch(/Reports → Admin Reports → Mailbox Report/);
    expect(looksLikeMailboxReport(table(uploadCsv(generatePeople(1))).header)).toBe(false);
  });

  it('names the missing local ID column and lists the columns the file has', () => {
    const result = parseMailboxReport(
      table(
        csv([
          ['EmailAddress', 'Status', 'MailboxType'],
          ['a@nhs.net', 'Active', 'User'],
        ]),
        'report.csv',
      ),
      'org',
    );
    expect(result).toEqual({ ok: false, error: expect.stringContaining('it has no local ID column (ExternalSyncID)') });
    expect(!result.ok && result.error).toContain('“EmailAddress”, “Status”, “MailboxType”');
  });

  it('takes the generated date from a column when the report has one', () => {
    const result = parseMailboxReport(
      table(
        csv([
          ['EmailAddress', 'ExternalSyncID', 'Report Generated'],
          ['a@nhs.net', 'X1', '2025-03-12T14:05:00Z'],
        ]),
      ),
      'org',
    );
    expect(result.ok && result.generatedAt).toBe(Date.parse('2025-03-12T14:05:00Z'));
  });
});

describe('normalizeStatus', () => {
  it.each([
    ['Active', 'active'],
    ['Active (Leaver)', 'leaver'],
    ['MigrationPending', 'migration-pending'],
    ['Migration Pending', 'migration-pending'],
    ['Deleted Permanent', 'deleted-permanent'],
    [' pending ', 'pending'],
    ['Archived', 'unknown'],
    ['', 'unknown'],
  ] as const)('%s → %s', (text, status) => {
    expect(normalizeStatus(text)).toBe(status);
  });
});

describe('parseReportDate', () => {
  it('reads UK dates as local time and ISO dates with their zone, inside longer text', () => {
    expect(parseReportDate('Report generated: 12/03/2025 14:05')).toBe(new Date(2025, 2, 12, 14, 5).getTime());
    expect(parseReportDate('2025-03-12T14:05:00+01:00')).toBe(Date.parse('2025-03-12T13:05:00Z'));
    expect(parseReportDate('31/02/2025')).toBeUndefined();
    expect(parseReportDate('Active')).toBeUndefined();
  });
});
