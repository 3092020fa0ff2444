import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, mailboxOf, people, uploadCsv } from '../helpers';

const staff = people(4);
const edit = (index: number, changes: Record<string, string>) => (row: string[], i: number) => {
  if (i !== index) return row;
  const out = [...row];
  for (const [k, v] of Object.entries(changes)) out[COL[k]!] = v;
  return out;
};

describe('ou-change', () => {
  it('warns when the row moves someone to another organisational unit, pointing at Bulk Edit → Transfer', () => {
    const current = staff[1]!.ou;
    const wanted = current === 'Corporate' ? 'Acute Services' : 'Corporate';
    const [f, ...rest] = byRule(check(uploadCsv(staff, edit(1, { OrganisationalUnit: wanted })), staff), 'ou-change');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warn', line: 3, column: 'OrganisationalUnit' });
    expect(f!.message).toContain(`"${wanted}", but they are in "${current}"`);
    expect(f!.fix).toMatch(/Bulk Edit → Transfer .*at most 50/);
  });

  it('ignores case and spacing, empty cells, and mailboxes whose OU the report does not give', () => {
    const same = uploadCsv(staff, edit(1, { OrganisationalUnit: `  ${staff[1]!.ou.toUpperCase()} ` }));
    const empty = uploadCsv(staff, edit(1, { OrganisationalUnit: '' }));
    const noOu = staff.map((p) => mailboxOf(p, 'RXX', { ou: undefined }));
    expect(byRule(check(same, staff), 'ou-change')).toEqual([]);
    expect(byRule(check(empty, staff), 'ou-change')).toEqual([]);
    expect(byRule(check(uploadCsv(staff, edit(1, { OrganisationalUnit: 'Somewhere' })), staff, { mailboxes: noOu }), 'ou-change')).toEqual([]);
  });
});

describe('inactive-account', () => {
  it.each([
    ['leaver', 'Active (Leaver)', /leaver/],
    ['disabled', 'Disabled', /disabled/],
    ['pending', 'Pending', /1 to 24 hours/],
    ['deleted', 'Deleted', /deleted/],
  ] as const)('warns when the target is %s, quoting the report status', (status, statusText, fix) => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i === 2 ? { status, statusText } : {}));
    const [f, ...rest] = byRule(check(uploadCsv(staff), staff, { mailboxes }), 'inactive-account');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warn', line: 4, localId: staff[2]!.localId });
    expect(f!.message).toContain(`"${statusText}"`);
    expect(f!.fix).toMatch(fix);
  });

  it('stays silent for Active accounts, and for a status the report leaves blank', () => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i === 2 ? { status: 'unknown', statusText: '' } : {}));
    expect(byRule(check(uploadCsv(staff), staff, { mailboxes }), 'inactive-account')).toEqual([]);
  });

  it('warns on a status value it has never seen', () => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i === 0 ? { status: 'unknown', statusText: 'Quarantined' } : {}));
    expect(byRule(check(uploadCsv(staff), staff, { mailboxes }), 'inactive-account')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('"Quarantined"') }),
    ]);
  });
});

describe('password-column', () => {
  const withPassword = (values: string[]) => {
    const lines = uploadCsv(staff).split('\r\n');
    return lines.map((l, i) => (i === 0 ? `${l},Password` : `${l},${values[i - 1] ?? ''}`)).join('\r\n');
  };

  it('warns once, on the heading line, when the password column has values', () => {
    const findings = byRule(check(withPassword(['Secret1!', '', 'Secret2!']), staff), 'password-column');
    expect(findings).toEqual([expect.objectContaining({ severity: 'warn', line: 1, column: 'Password' })]);
    expect(findings[0]!.message).toContain('passwords on 2 rows');
    expect(findings[0]!.fix).toMatch(/without the password column/);
  });

  it('only mentions an empty password column, and says nothing without one', () => {
    expect(byRule(check(withPassword([]), staff), 'password-column')).toEqual([expect.objectContaining({ severity: 'info' })]);
    expect(byRule(check(uploadCsv(staff), staff), 'password-column')).toEqual([]);
  });
});

describe('no-change', () => {
  it('marks rows whose every value matches the cached mailbox', () => {
    const mailboxes = staff.map((p) => mailboxOf(p, 'RXX', { extra: { Title: p.title, Department: p.department, TelephoneNumber: p.telephone } }));
    const changed = uploadCsv(staff, edit(1, { JobTitle: 'Ward Manager' }));
    const findings = byRule(check(changed, staff, { mailboxes }), 'no-change');
    expect(findings.map((f) => f.line)).toEqual([2, 4, 5]);
    expect(findings[0]).toMatchObject({ severity: 'info', fix: 'You can remove this row.' });
  });

  it('compares emails without case and mobiles in one normal form', () => {
    const mailboxes = staff.map((p) => mailboxOf(p, 'RXX', { extra: { Title: p.title, Department: p.department, TelephoneNumber: p.telephone } }));
    const reformatted = uploadCsv(
      staff,
      edit(0, { EmailAddress: staff[0]!.email.toUpperCase(), MobileNumber: `+44${staff[0]!.mobile.slice(1).replace(/\s/g, '')}` }),
    );
    expect(byRule(check(reformatted, staff, { mailboxes }), 'no-change').map((f) => f.line)).toContain(2);
  });

  it('takes a value that differs from the report only in its spacing for no change, and any other difference for a change', () => {
    const nurses = staff.map((p) => ({ ...p, jobTitle: 'Staff Nurse' }));
    const mailboxes = nurses.map((p) => mailboxOf(p, 'RXX', { extra: { Title: p.title, Department: p.department, TelephoneNumber: p.telephone } }));
    const written = ['Staff  Nurse', 'Staff\tNurse', 'Staff\u00a0Nurse', 'StaffNurse', 'Staff Nurses'];
    const text = uploadCsv(nurses, (row, i) => (i < written.length ? Object.assign([...row], { [COL.JobTitle!]: written[i]! }) : row));
    const unchanged = byRule(check(text, nurses, { mailboxes }), 'no-change').map((f) => f.line);
    expect(unchanged.filter((line) => line <= written.length + 1)).toEqual([2, 3, 4]);
  });

  it('does not claim "no change" when a filled column cannot be compared with the report', () => {
    // The report has no Department or telephone columns, so those values might be changes.
    expect(byRule(check(uploadCsv(staff), staff), 'no-change')).toEqual([]);
  });
});
