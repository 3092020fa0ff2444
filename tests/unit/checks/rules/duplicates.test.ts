import { describe, expect, it } from 'vitest';
import { COL, type Person } from '../../../support/generate';
import { byRule, check, mailboxOf, people, uploadCsv } from '../helpers';

const staff = people(4);
const noIds = (row: string[]) => Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' });

/** A new-account row for `p` written with some variation. */
function newRow(p: Person, edit: Partial<Record<keyof typeof COL, string>>): string {
  return uploadCsv([p], (row) => {
    const out = noIds(row);
    for (const [k, v] of Object.entries(edit)) out[COL[k]!] = v!;
    return out;
  });
}

describe('probable-duplicate', () => {
  it('names the existing mailbox and its local ID when the email matches, ignoring case', () => {
    const p = staff[1]!;
    const result = check(newRow(p, { EmailAddress: p.email.toUpperCase() }), staff);
    const [f] = byRule(result, 'probable-duplicate');
    expect(f).toMatchObject({ severity: 'block', line: 2, related: [expect.objectContaining({ localId: p.localId, email: p.email })] });
    expect(f!.message).toContain('same email address');
    expect(f!.fix).toContain(`Put ${p.localId} in the ExternalSyncID column of line 2`);
  });

  it.each([
    ['accents and apostrophes', { firstName: 'Siân', lastName: "O'Connor" }, { FirstName: 'Sian', LastName: 'O’Connor' }],
    ['an apostrophe left out', { firstName: 'Declan', lastName: "O'Connor" }, { FirstName: 'declan', LastName: 'OConnor' }],
    [
      'a double-barrelled surname with a space',
      { firstName: 'Mary-Jane', lastName: 'Smith-Jones' },
      { FirstName: 'Mary Jane', LastName: 'Smith Jones' },
    ],
    ['extra spaces and a title', { firstName: 'Chloé', lastName: 'Müller' }, { FirstName: '  Dr  Chloe ', LastName: ' MULLER ' }],
  ])('matches by name and mobile despite %s', (_label, existing, written) => {
    const p: Person = { ...staff[0]!, ...existing };
    const result = check(newRow(p, { ...written, EmailAddress: 'someone.else@nhs.net', MobileNumber: `+44 ${p.mobile.slice(1)}` }), [p]);
    expect(byRule(result, 'probable-duplicate')).toEqual([expect.objectContaining({ related: [expect.objectContaining({ localId: p.localId })] })]);
  });

  it('does not match by name alone, nor by mobile alone', () => {
    const p = staff[2]!;
    const other = staff[3]!;
    const nameOnly = newRow(p, { EmailAddress: 'new.person@nhs.net', MobileNumber: '07700 111111' });
    const mobileOnly = newRow(other, { EmailAddress: 'new.person@nhs.net', MobileNumber: p.mobile });
    expect(byRule(check(nameOnly, staff), 'probable-duplicate')).toEqual([]);
    expect(byRule(check(mobileOnly, staff), 'probable-duplicate')).toEqual([]);
  });

  it('only looks at rows that would create an account', () => {
    expect(byRule(check(uploadCsv(staff), staff), 'probable-duplicate')).toEqual([]);
  });

  it('says when the existing account has no local ID to use', () => {
    const p = staff[1]!;
    const result = check(newRow(p, {}), staff, { mailboxes: [mailboxOf(p, 'RXX', { localId: '' })] });
    expect(byRule(result, 'probable-duplicate')[0]!.fix).toMatch(/no local ID in the Mailbox Report/);
  });
});

describe('identity-mismatch', () => {
  const swap = (row: string[], i: number) => (i === 0 ? Object.assign([...row], { [COL.ExternalSyncID!]: staff[1]!.localId }) : row);

  it('blocks a row whose local ID belongs to someone with a different name and email', () => {
    const findings = byRule(check(uploadCsv(staff, swap), staff), 'identity-mismatch');
    expect(findings).toEqual([expect.objectContaining({ severity: 'block', line: 2, localId: staff[1]!.localId })]);
    expect(findings[0]!.message).toContain(`belongs to ${staff[1]!.displayName}`);
  });

  it('accepts a name change with the same email, and an email change with the same name', () => {
    const renamed = uploadCsv(staff, (row, i) =>
      i === 0 ? Object.assign([...row], { [COL.LastName!]: 'Newname', [COL.DisplayName!]: 'X Newname' }) : row,
    );
    const newEmail = uploadCsv(staff, (row, i) => (i === 0 ? Object.assign([...row], { [COL.EmailAddress!]: 'changed@nhs.net' }) : row));
    expect(byRule(check(renamed, staff), 'identity-mismatch')).toEqual([]);
    expect(byRule(check(newEmail, staff), 'identity-mismatch')).toEqual([]);
  });

  it('accepts accent, apostrophe and case differences in the name as the same person', () => {
    const p: Person = { ...staff[0]!, firstName: 'Siân', lastName: "O'Connor" };
    const text = uploadCsv([p], (row) =>
      Object.assign([...row], { [COL.FirstName!]: 'SIAN', [COL.LastName!]: 'O’connor', [COL.EmailAddress!]: 'other@nhs.net' }),
    );
    expect(byRule(check(text, [p]), 'identity-mismatch')).toEqual([]);
  });

  it('does not repeat the mismatch as an OU change or a status warning about the other person', () => {
    const others = staff.map((p, i) => (i === 1 ? { ...p, ou: 'Elsewhere', status: 'Disabled' } : p));
    const result = check(uploadCsv(staff, swap), others, {
      mailboxes: others.map((p, i) => mailboxOf(p, 'RXX', i === 1 ? { status: 'disabled', statusText: 'Disabled' } : {})),
    });
    expect(byRule(result, 'ou-change').filter((f) => f.line === 2)).toEqual([]);
    expect(byRule(result, 'inactive-account').filter((f) => f.line === 2)).toEqual([]);
  });
});
