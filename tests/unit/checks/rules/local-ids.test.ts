import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

const staff = people(5);

describe('missing-local-id', () => {
  it('blocks a row with neither local ID nor portal ID, naming the line and column', () => {
    const text = uploadCsv(staff, (row, i) => (i === 2 ? Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' }) : row));
    const [finding, ...rest] = byRule(check(text, staff), 'missing-local-id');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'block', line: 4, column: 'ExternalSyncID' });
    expect(finding!.message).toMatch(/^Line 4 has no local ID .* will create a new account/);
    // The person exists, so the fix names their local ID.
    expect(finding!.fix).toContain(staff[2]!.localId);
  });

  it('treats a local ID made only of invisible characters as missing', () => {
    const text = uploadCsv(staff, (row, i) => (i === 0 ? Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '\u200B' }) : row));
    expect(byRule(check(text, staff), 'missing-local-id').map((f) => f.line)).toEqual([2]);
  });

  it('does not flag rows that have a local ID', () => {
    expect(byRule(check(uploadCsv(staff), staff), 'missing-local-id')).toEqual([]);
  });

  it('blocks a row with only the portal ID: the portal matches updates by local ID', () => {
    const text = uploadCsv(staff, (row, i) => (i === 1 ? Object.assign([...row], { [COL.ExternalSyncID!]: '' }) : row));
    const result = check(text, staff);
    const [finding] = byRule(result, 'missing-local-id');
    expect(finding).toMatchObject({ severity: 'block', line: 3 });
    expect(finding!.message).toContain(`only the portal ID ${staff[1]!.portalId}`);
    expect(finding!.fix).toContain(staff[1]!.localId);
    expect(result.summary).toMatchObject({ predictedNewAccounts: 1, predictedUpdates: staff.length - 1 });
  });
});

describe('unknown-local-id', () => {
  it('blocks a local ID that no cached mailbox has', () => {
    const text = uploadCsv(staff, (row, i) => (i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: 'RXX000099' }) : row));
    const findings = byRule(check(text, staff), 'unknown-local-id');
    expect(findings).toEqual([expect.objectContaining({ severity: 'block', line: 5, localId: 'RXX000099' })]);
    expect(findings[0]!.message).toMatch(/"RXX000099" on line 5 is not in the cached Mailbox Report/);
  });

  it('matches local IDs despite surrounding spaces', () => {
    const text = uploadCsv(staff, (row, i) => (i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: ` ${staff[3]!.localId} ` }) : row));
    expect(byRule(check(text, staff), 'unknown-local-id')).toEqual([]);
  });

  it('stays silent without any report (it cannot know), and no-report says why', () => {
    const result = check(uploadCsv(staff), [], { mailboxes: [], reports: [] });
    expect(byRule(result, 'unknown-local-id')).toEqual([]);
    expect(byRule(result, 'no-report')).toHaveLength(1);
    // Neither an update nor a new account can be predicted without a report.
    expect(result.summary).toMatchObject({ predictedUpdates: 0, predictedNewAccounts: 0 });
  });
});

describe('duplicate-local-id', () => {
  it('blocks every row sharing a local ID, listing the other lines', () => {
    const text = uploadCsv(staff, (row, i) => (i === 4 ? Object.assign([...row], { [COL.ExternalSyncID!]: staff[1]!.localId }) : row));
    const findings = byRule(check(text, staff), 'duplicate-local-id');
    expect(findings.map((f) => f.line)).toEqual([3, 6]);
    expect(findings[0]!.message).toContain('lines 3 and 6');
  });

  it('does not flag distinct local IDs or blank ones', () => {
    const text = uploadCsv(staff, (row, i) => (i < 2 ? Object.assign([...row], { [COL.ExternalSyncID!]: '' }) : row));
    expect(byRule(check(text, staff), 'duplicate-local-id')).toEqual([]);
  });
});
