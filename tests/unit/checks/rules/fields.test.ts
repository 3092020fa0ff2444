import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

const staff = people(3);
const withValue = (column: string, value: string) =>
  uploadCsv(staff, (row, i) => (i === 1 ? Object.assign([...row], { [COL[column]!]: value }) : row));

describe('invalid-field', () => {
  it.each(['ann.smith', 'ann smith@nhs.net', 'ann@nhs', 'ann@@nhs.net', 'ann@nhs..net'])(
    'blocks the email "%s", naming the column and the expected form',
    (email) => {
      const [f, ...rest] = byRule(check(withValue('EmailAddress', email), staff), 'invalid-field');
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: 'block', line: 3, column: 'EmailAddress' });
      expect(f!.fix).toContain('name@nhs.net');
    },
  );

  it.each(['Ann.Smith@NHS.net', "ann.o'connor@nhs.net", ' ann@nhs.net ', ''])('accepts the email "%s"', (email) => {
    expect(byRule(check(withValue('EmailAddress', email), staff), 'invalid-field')).toEqual([]);
  });

  it.each(['07700 900123', '+44 7700 900123', '447700900123', '(07700) 900-123', '0044 7700 900123', ''])('accepts the UK mobile "%s"', (mobile) => {
    expect(byRule(check(withValue('MobileNumber', mobile), staff), 'invalid-field')).toEqual([]);
  });

  it.each([
    ['0113 234 5678', 'block', /not a UK mobile/],
    ['+1 202 555 0100', 'block', /not a UK mobile/],
    ['7.7009E+09', 'block', /turned into a number by Excel/],
    ['+44 07700 900123', 'warn', /\+44 and the leading 0/],
    ['7700900123', 'warn', /lost its leading 0/],
  ] as const)('flags the mobile "%s" (%s)', (mobile, severity, what) => {
    const [f] = byRule(check(withValue('MobileNumber', mobile), staff), 'invalid-field');
    expect(f).toMatchObject({ severity, line: 3, column: 'MobileNumber', message: expect.stringMatching(what) });
  });

  it('blocks empty first or last names, naming the column', () => {
    const findings = byRule(check(withValue('LastName', '  '), staff), 'invalid-field');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'block', line: 3, column: 'LastName', message: expect.stringContaining('LastName on line 3 is empty') }),
    ]);
  });
});

describe('suspicious-characters', () => {
  it('warns about a zero-width space in a local ID, naming the column and what it does', () => {
    const [f, ...rest] = byRule(
      check(withValue('ExternalSyncID', `${staff[1]!.localId.slice(0, 3)}\u200B${staff[1]!.localId.slice(3)}`), staff),
      'suspicious-characters',
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warn', line: 3, column: 'ExternalSyncID' });
    expect(f!.message).toMatch(/zero-width space.*make two IDs or names look the same/);
  });

  it('warns about bidi controls in names', () => {
    const [f] = byRule(check(withValue('LastName', 'Smith\u202E'), staff), 'suspicious-characters');
    expect(f).toMatchObject({ column: 'LastName', message: expect.stringContaining('right-to-left override') });
  });

  it('says nothing about accents, apostrophes and ordinary spaces', () => {
    expect(byRule(check(withValue('LastName', 'Ó Briain-O’Connor'), staff), 'suspicious-characters')).toEqual([]);
  });
});
