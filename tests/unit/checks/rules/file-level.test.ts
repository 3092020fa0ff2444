import { describe, expect, it } from 'vitest';
import type { UploadTemplate } from '../../../../lib/portal/template';
import { mailboxReportCsv } from '../../../support/generate';
import { byRule, check, people, reportMeta, uploadCsv } from '../helpers';

const staff = people(6);
const LEARNT: UploadTemplate = {
  source: 'learnt',
  header: [
    'ID',
    'ExternalSyncID',
    'Title',
    'FirstName',
    'LastName',
    'DisplayName',
    'EmailAddress',
    'JobTitle',
    'Department',
    'MobileNumber',
    'TelephoneNumber',
    'OrganisationalUnit',
  ],
};

function withHeader(header: string[], rowValues: (i: number) => string[] = () => []): string {
  const rows = staff.map((_, i) => rowValues(i).join(','));
  return [header.join(','), ...rows].join('\r\n');
}

describe('header', () => {
  it('says nothing when the header matches the template exactly', () => {
    expect(byRule(check(uploadCsv(staff), staff), 'header')).toEqual([]);
  });

  it('names missing columns: a warning against the bundled template, a block against the learnt one', () => {
    const header = LEARNT.header.filter((h) => h !== 'TelephoneNumber');
    const text = uploadCsv(staff)
      .split('\r\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 10)
          .join(','),
      )
      .join('\r\n');
    expect(header).toHaveLength(11);
    expect(byRule(check(text, staff), 'header')).toEqual([expect.objectContaining({ severity: 'warn', line: 1, column: 'TelephoneNumber' })]);
    expect(byRule(check(text, staff, { template: LEARNT }), 'header')).toEqual([
      expect.objectContaining({ severity: 'block', message: expect.stringContaining('"TelephoneNumber"') }),
    ]);
  });

  it('reports unknown, re-spelt, re-ordered and duplicated columns', () => {
    const header = [
      'ExternalSyncID',
      'ID',
      'First Name',
      'LastName',
      'DisplayName',
      'EmailAddress',
      'JobTitle',
      'Department',
      'MobileNumber',
      'TelephoneNumber',
      'OrganisationalUnit',
      'Title',
      'Notes',
      'EmailAddress',
    ];
    const findings = byRule(
      check(
        withHeader(header, (i) => [staff[i]!.localId, staff[i]!.portalId]),
        staff,
        { template: LEARNT },
      ),
      'header',
    );
    const messages = findings.map((f) => `${f.severity}: ${f.message}`).join('\n');
    expect(messages).toMatch(/block: The heading "EmailAddress" appears 2 times \(columns 6 and 14\)/);
    expect(messages).toMatch(/warn: The file has 1 column that the portal's sample file does not have: "Notes"/);
    expect(messages).toMatch(/warn: Column 3 is headed "First Name"; the sample file spells it "FirstName"/);
    expect(messages).toMatch(/block: The columns are not in the same order/);
  });

  it('says plainly when the file is a Mailbox Report rather than an upload', () => {
    const findings = byRule(check(mailboxReportCsv(staff), staff), 'header');
    expect(findings).toEqual([expect.objectContaining({ severity: 'block', line: 1 })]);
    expect(findings[0]!.message).toMatch(/looks like a Mailbox Report .*not a file of users to upload/);
  });

  it('blocks a file without a local ID column, and a file with no rows', () => {
    const noLocalId = withHeader(['ID', 'FirstName'], (i) => [staff[i]!.portalId, staff[i]!.firstName]);
    expect(
      byRule(check(noLocalId, staff), 'header')
        .map((f) => f.message)
        .join(' '),
    ).toMatch(/no local ID column/);
    const headerOnly = uploadCsv([]);
    expect(byRule(check(headerOnly, staff), 'header')).toEqual([
      expect.objectContaining({ severity: 'block', message: expect.stringMatching(/no users below it/) }),
    ]);
  });
});

describe('batch-size', () => {
  it("warns above the configured size, calls it the extension's own default and says how many batches", () => {
    const [f] = byRule(check(uploadCsv(staff), staff, { batchSize: 4 }), 'batch-size');
    expect(f).toMatchObject({ severity: 'warn', line: 0 });
    expect(f!.message).toMatch(/6 rows.*at most 4.*CSV Guard's own setting, not a portal limit/);
    expect(f!.fix).toMatch(/split into 2 batches/);
  });

  it('is silent at or below the size', () => {
    expect(byRule(check(uploadCsv(staff), staff, { batchSize: 6 }), 'batch-size')).toEqual([]);
  });
});

describe('stale-report and no-report', () => {
  it('warns when the report used is older than the configured age', () => {
    const result = check(uploadCsv(staff), staff, { reports: [reportMeta('RXX', 10)], staleReportDays: 7 });
    expect(byRule(result, 'stale-report')).toEqual([
      expect.objectContaining({ severity: 'warn', line: 0, message: expect.stringMatching(/Trust RXX is 10 days old/) }),
    ]);
  });

  it('holds Upload when the file would create accounts: an old report cannot show a starter created since (harm simulator, seed 20261166)', () => {
    // Last week's starter, already created on the portal, listed again without a local ID; the report predates them.
    const starter = { ...people(1, 77)[0]!, portalId: '', localId: '' };
    const result = check(uploadCsv([staff[0]!, starter]), staff, { reports: [reportMeta('RXX', 9)], staleReportDays: 7 });
    expect(byRule(result, 'stale-report')).toEqual([
      expect.objectContaining({
        severity: 'block',
        line: 0,
        message: expect.stringMatching(/Trust RXX is 9 days old .* 1 row of this file would create a new account/),
        fix: expect.stringMatching(/Download a fresh Mailbox Report/),
      }),
    ]);
    // The same starter with a fresh report: only the row's own hold (missing-local-id), no stale-report.
    expect(byRule(check(uploadCsv([staff[0]!, starter]), staff, { reports: [reportMeta('RXX', 1)], staleReportDays: 7 }), 'stale-report')).toEqual(
      [],
    );
  });

  it('is silent for a fresh report, and ignores old reports of other organisations the file does not touch', () => {
    expect(byRule(check(uploadCsv(staff), staff, { reports: [reportMeta('RXX', 2)] }), 'stale-report')).toEqual([]);
    expect(byRule(check(uploadCsv(staff), staff, { reports: [reportMeta('RXX', 2), reportMeta('RYY', 40)] }), 'stale-report')).toEqual([]);
  });

  it("warns when none of the file's local IDs are in the imported reports (another organisation's file)", () => {
    const others = people(6, 99).map((p, i) => ({ ...p, localId: `RZZ${i}`, email: `x${i}@nhs.net` }));
    const result = check(uploadCsv(others), staff, { reports: [reportMeta('RXX', 1)] });
    expect(byRule(result, 'no-report')).toEqual([
      expect.objectContaining({ severity: 'warn', message: expect.stringMatching(/None of the 6 local IDs .*Trust RXX/) }),
    ]);
  });
});
