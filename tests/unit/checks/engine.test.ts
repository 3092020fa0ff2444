import { describe, expect, it, vi } from 'vitest';
import { invalidFieldRule } from '../../../lib/checks/rules/invalid-field';
import { duplicateLocalIdRule } from '../../../lib/checks/rules/duplicate-local-id';
import { runChecks } from '../../../lib/checks/engine';
import { buildMailboxIndex, selectMailboxes } from '../../../lib/checks/mailbox-index';
import { lookupKeysFor } from '../../../lib/checks/lookup-keys';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { selectFromReport } from '../../../lib/checks/report-selection';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { COL, mailboxReportCsv } from '../../support/generate';
import { check, mailboxOf, NOW, people, reportMeta, table, uploadCsv } from './helpers';

const staff = people(8);

describe('runChecks', () => {
  it('summarises rows, predicted updates and new accounts, blocked rows and counts by rule', () => {
    const text = uploadCsv(staff, (row, i) => {
      if (i === 1) return Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' });
      if (i === 2) return Object.assign([...row], { [COL.ExternalSyncID!]: 'RXX777777' });
      return row;
    });
    const { summary } = check(text, staff);
    expect(summary).toMatchObject({ rows: 8, predictedUpdates: 6, predictedNewAccounts: 2, blockedRows: 2 });
    expect(summary.byRule).toMatchObject({ 'missing-local-id': 1, 'unknown-local-id': 1, 'probable-duplicate': 2 });
  });

  it('sorts findings by line, then block before warn before info', () => {
    const text = uploadCsv(staff, (row, i) =>
      i === 3 ? Object.assign([...row], { [COL.MobileNumber!]: '7700900123', [COL.ExternalSyncID!]: 'RXX777777' }) : row,
    );
    const { findings } = check(text, staff, { batchSize: 2 });
    const order = { block: 0, warn: 1, info: 2 };
    for (let i = 1; i < findings.length; i++) {
      const [a, b] = [findings[i - 1]!, findings[i]!];
      expect(a.line < b.line || (a.line === b.line && order[a.severity] <= order[b.severity])).toBe(true);
    }
    expect(findings.filter((f) => f.line === 5).map((f) => f.severity)).toEqual(['block', 'block', 'warn']);
  });

  it("lists one line's findings of one severity in the rules' order", () => {
    // Line 5 has line 4's local ID (identity-mismatch, duplicate-local-id) and a broken email (invalid-field): all block.
    const text = uploadCsv(staff, (row, i) =>
      i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: staff[2]!.localId, [COL.EmailAddress!]: 'not an address' }) : row,
    );
    const { findings } = check(text, staff);
    expect(findings.filter((f) => f.line === 5 && f.severity === 'block').map((f) => f.rule)).toEqual([
      'identity-mismatch',
      'duplicate-local-id',
      'invalid-field',
    ]);
  });

  it('reports each rule that fails, and still runs every other rule', () => {
    const text = uploadCsv(staff, (row, i) =>
      i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: staff[2]!.localId, [COL.EmailAddress!]: 'not an address' }) : row,
    );
    const visit = vi.spyOn(invalidFieldRule, 'run').mockImplementation(() => {
      throw new Error('row rule broke');
    });
    const run = vi.spyOn(duplicateLocalIdRule, 'run').mockImplementation(() => {
      throw new Error('file rule broke');
    });
    try {
      const { findings } = check(text, staff);
      const failures = findings.filter((f) => f.message.startsWith('CSV Guard could not complete'));
      expect(failures.map((f) => [f.rule, f.severity, f.line])).toEqual([
        ['duplicate-local-id', 'warn', 0],
        ['invalid-field', 'warn', 0],
      ]);
      expect(failures[1]!.message).toContain('row rule broke');
      // The other rules still judged line 5: its local ID is another person's.
      expect(findings.filter((f) => f.line === 5).map((f) => f.rule)).toEqual(['identity-mismatch']);
    } finally {
      visit.mockRestore();
      run.mockRestore();
    }
  });

  it('gives the same result when only the looked-up mailboxes are supplied (as the background does)', () => {
    const everyone = people(200, 5);
    const upload = everyone.slice(0, 20);
    const t = table(uploadCsv(upload, (row, i) => (i === 4 ? Object.assign([...row], { [COL.ExternalSyncID!]: '', [COL.ID!]: '' }) : row)));
    const columns = resolveUploadColumns(t.header);
    const keys = lookupKeysFor(t, columns);
    // Someone outside the upload who shares a row's name and mobile must still be found.
    const namesake = mailboxOf({
      ...everyone[150]!,
      firstName: upload[4]!.firstName,
      lastName: upload[4]!.lastName,
      mobile: upload[4]!.mobile,
      email: 'namesake@nhs.net',
    });
    const all = [...everyone.map((p) => mailboxOf(p)), namesake];
    const wanted = selectMailboxes(all, keys);
    expect(wanted.length).toBeLessThan(30);
    expect(wanted).toContain(namesake);
    const base = {
      table: t,
      template: BUNDLED_TEMPLATE,
      columns,
      reports: [reportMeta()],
      settings: { batchSize: 500, staleReportDays: 7 },
      submissions: [],
      now: NOW,
    };
    expect(runChecks({ ...base, mailboxes: buildMailboxIndex(wanted) })).toEqual(runChecks({ ...base, mailboxes: buildMailboxIndex(all) }));
    expect(keys.localIds).toHaveLength(19);
    expect(keys.emails).toHaveLength(20);
  });

  it('does not throw on a table whose rows do not match its header', () => {
    const t = table(uploadCsv(staff.slice(0, 2)));
    t.rows.push({ line: 9, values: [] });
    const result = runChecks({
      table: t,
      template: BUNDLED_TEMPLATE,
      columns: { localId: 40, email: 99 },
      mailboxes: buildMailboxIndex([]),
      reports: [],
      settings: { batchSize: 1, staleReportDays: 0 },
      submissions: [],
      now: NOW,
    });
    expect(result.summary.rows).toBe(3);
  });
});

describe('selectFromReport', () => {
  it('keeps the same mailboxes as parsing the whole report and then selecting, with whole-report counts', () => {
    const everyone = people(300, 8);
    const report = table(
      mailboxReportCsv(everyone)
        .replace(/\r\n(\S+?),/, '\r\n,')
        .replace('RXX000007', ''),
      'Mailbox Report.csv',
    );
    const upload = table(
      uploadCsv(everyone.slice(0, 40), (row, i) =>
        i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: '', [COL.EmailAddress!]: 'new@nhs.net' }) : row,
      ),
    );
    const keys = lookupKeysFor(upload, resolveUploadColumns(upload.header));
    const whole = parseMailboxReport(report, 'RXX');
    const selected = selectFromReport(report, 'RXX', keys);
    if (!whole.ok || !selected.ok) throw new Error('report not read');
    expect(selected.mailboxes).toEqual(selectMailboxes(whole.mailboxes, keys));
    expect(selected.mailboxes.length).toBeGreaterThanOrEqual(39);
    expect(selected).toMatchObject({ rowCount: 300, rowsWithoutLocalId: whole.rowsWithoutLocalId, columns: whole.columns });
    expect(selected.rowsWithoutLocalId).toBe(1);
  });
});

describe('runChecks on degenerate reports', () => {
  it('matches the right person when thousands of mailboxes share a placeholder local ID', () => {
    const many = people(3000, 12).map((p) => mailboxOf(p, 'RXX', { localId: 'N/A' }));
    const row = people(3000, 12)[2999]!;
    const text = uploadCsv([row], (r) => Object.assign([...r], { [COL.ExternalSyncID!]: 'N/A' }));
    const result = check(text, [], { mailboxes: many });
    // The row's own mailbox is found among the 3,000 sharing "N/A", so it is not someone else's;
    // but the portal matches by local ID alone, so which account it updates is ambiguous.
    expect(result.findings.filter((f) => f.rule === 'identity-mismatch')).toEqual([]);
    expect(result.findings.filter((f) => f.rule === 'ambiguous-local-id')).toEqual([expect.objectContaining({ severity: 'block', line: 2 })]);
    expect(result.summary.predictedUpdates).toBe(1);
  });
});
