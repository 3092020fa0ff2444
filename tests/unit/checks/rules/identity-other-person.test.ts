import { describe, expect, it } from 'vitest';
import type { Person } from '../../../support/generate';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 7: the local ID names one person while the row's email, or name and mobile, names another.
const [base1, base2, base3, other] = people(4, 26);
const smith1: Person = {
  ...base1!,
  localId: 'A100',
  firstName: 'John',
  lastName: 'Smith',
  displayName: 'John Smith',
  email: 'john.smith@nhs.net',
  mobile: '07700 900101',
};
const smith2: Person = {
  ...base2!,
  localId: 'A200',
  firstName: 'John',
  lastName: 'Smith',
  displayName: 'John Smith',
  email: 'john.smith2@nhs.net',
  mobile: '07700 900202',
};
const brown: Person = {
  ...base3!,
  localId: 'A300',
  firstName: 'John',
  lastName: 'Brown',
  displayName: 'John Brown',
  email: 'john.brown@nhs.net',
  mobile: '07700 900303',
};
const known = [smith1, smith2, brown, other!];

describe('identity-mismatch: the row is another cached person', () => {
  it("blocks a row with one John Smith's local ID but the email and mobile of the other John Smith", () => {
    const text = uploadCsv([{ ...smith2, localId: 'A100' }]);
    const result = check(text, known);
    const [f, ...rest] = byRule(result, 'identity-mismatch');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'block', line: 2, localId: 'A100' });
    expect(f!.message).toContain('john.smith2@nhs.net');
    expect(f!.message).toContain('local ID A200');
    expect(f!.fix).toContain('put A200 in the ExternalSyncID column');
    expect(f!.related?.map((m) => m.localId)).toEqual(['A100', 'A200']);
  });

  it("blocks a row with John Brown's local ID that names John Smith with John Smith's mobile (no email)", () => {
    const text = uploadCsv([{ ...smith1, localId: 'A300', email: '' }]);
    const [f, ...rest] = byRule(check(text, known), 'identity-mismatch');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'block', line: 2, localId: 'A300' });
    expect(f!.message).toMatch(/its name and mobile number are those of John Smith \(john\.smith@nhs\.net, local ID A100\)/);
  });

  it("blocks it too when the row keeps John Brown's email but has John Smith's name and mobile", () => {
    const text = uploadCsv([{ ...smith1, localId: 'A300', email: brown.email }]);
    expect(byRule(check(text, known), 'identity-mismatch')).toHaveLength(1);
  });

  it('lets a plain update through, including a new mobile or a name change that matches nobody else', () => {
    const text = uploadCsv([smith1, { ...smith2, mobile: '07700 900999' }, { ...brown, firstName: 'Jon' }]);
    expect(byRule(check(text, known), 'identity-mismatch')).toEqual([]);
  });

  it('does not flag a person whose name and mobile are their own, even when a namesake shares the mobile', () => {
    const namesake: Person = { ...other!, localId: 'A400', firstName: 'John', lastName: 'Smith', email: 'js.locum@nhs.net', mobile: smith1.mobile };
    expect(byRule(check(uploadCsv([smith1]), [...known, namesake]), 'identity-mismatch')).toEqual([]);
  });
});

describe('identity-mismatch: a name only partly the same, with no email (harm simulator, seed 20261181)', () => {
  // Grace Brown's row carries the local ID of her brother Tom Brown, with no email and a new mobile.
  const grace: Person = {
    ...base1!,
    localId: 'B100',
    firstName: 'Grace',
    lastName: 'Brown',
    displayName: 'Grace Brown',
    email: 'grace.brown@nhs.net',
    mobile: '07700 900401',
  };
  const tom: Person = {
    ...base2!,
    localId: 'B200',
    firstName: 'Tom',
    lastName: 'Brown',
    displayName: 'Tom Brown',
    email: 'tom.brown@nhs.net',
    mobile: '07700 900402',
  };

  it("blocks a row for Grace Brown with Tom Brown's local ID, no email and a new mobile, naming Tom's account", () => {
    const text = uploadCsv([{ ...grace, localId: 'B200', email: '', mobile: '07900 100200' }]);
    const [f, ...rest] = byRule(check(text, [grace, tom]), 'identity-mismatch');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'block', line: 2, localId: 'B200' });
    expect(f!.message).toContain('Tom Brown');
    expect(f!.message).toContain('only partly the same');
    expect(f!.fix).toContain('put their email address on line 2');
  });

  it('blocks it whichever part is shared: same first name, different surname', () => {
    const text = uploadCsv([{ ...grace, lastName: 'Okafor', displayName: 'Grace Okafor', localId: 'B100', email: '', mobile: '07900 100201' }]);
    expect(byRule(check(text, [grace, tom]), 'identity-mismatch')).toHaveLength(1);
  });

  it("lets a surname change through when the row's email, or its mobile, is the account's own", () => {
    const married = { ...grace, lastName: 'Okafor', displayName: 'Grace Okafor' };
    const text = uploadCsv([
      { ...married, email: '' },
      { ...married, mobile: '07900 100202' },
    ]);
    expect(byRule(check(text, [grace, tom]), 'identity-mismatch')).toEqual([]);
  });
});

describe('identity keys from display names (issue 19, case 10)', () => {
  it('raises no identity-mismatch when Jane Doe changes her email on a mailbox whose only name is "Jane Doe (NHS ENGLAND)"', () => {
    const jane: Person = { ...other!, firstName: 'Jane', lastName: 'Doe', displayName: 'Jane Doe', email: 'jane.doe@nhs.net' };
    const text = uploadCsv([{ ...jane, email: 'jane.doe2@nhs.net' }]);
    const mailboxes = [{ ...mailbox(jane), firstName: undefined, lastName: undefined, displayName: 'Jane Doe (NHS ENGLAND)' }];
    expect(byRule(check(text, [], { mailboxes }), 'identity-mismatch')).toEqual([]);
  });

  it('finds a new row for "Dafydd ap Rhys" as a duplicate of the mailbox whose display name is "Dafydd ap Rhys"', () => {
    const dafydd: Person = { ...other!, firstName: 'Dafydd', lastName: 'ap Rhys', displayName: 'Dafydd ap Rhys' };
    const mailboxes = [{ ...mailbox(dafydd), firstName: undefined, lastName: undefined }];
    const text = uploadCsv([{ ...dafydd, email: 'dafydd.personal@nhs.net' }], (row) =>
      Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' }),
    );
    expect(byRule(check(text, [], { mailboxes }), 'probable-duplicate')).toHaveLength(1);
  });
});

function mailbox(p: Person) {
  return {
    orgId: 'RXX',
    localId: p.localId,
    email: p.email,
    status: 'active' as const,
    statusText: 'Active',
    displayName: p.displayName,
    firstName: p.firstName,
    lastName: p.lastName,
    mobile: p.mobile,
    ou: p.ou,
    extra: {},
  };
}
