import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayNameKey,
  displayNameKeys,
  emailKey,
  hasInvisible,
  hasInvisibleIn,
  headerKey,
  invisibleCharNames,
  isBlank,
  localIdKey,
  mobileKey,
  nameKey,
  nameKeys,
  namesMatch,
  stripInvisible,
} from '../../../lib/portal/normalize';

describe('nameKey', () => {
  it.each([
    [
      ['Siân', "O'Connor"],
      ['Sian', 'OConnor'],
    ],
    [
      ['Siân', 'O’Connor'],
      ['SIAN', "o'connor"],
    ],
    [
      ['Mary-Jane', 'Smith-Jones'],
      ['Mary Jane', 'Smith Jones'],
    ],
    [
      ['  Zoë ', ' Müller  '],
      ['Zoe', 'Muller'],
    ],
    [
      ['Dr Chloé', 'Ó Briain'],
      ['chloe', 'O Briain'],
    ],
    [
      ['Prof.  Rahul', 'Patel'],
      ['Rahul', 'PATEL'],
    ],
  ])('treats %j and %j as the same person', (a, b) => {
    expect(nameKey(a[0], a[1])).toBe(nameKey(b[0], b[1]));
    expect(nameKey(a[0], a[1])).not.toBe('');
  });

  it('tells different people apart and never matches blank names', () => {
    expect(nameKey('Sian', 'Evans')).not.toBe(nameKey('Sian', 'Davies'));
    expect(nameKey('', 'Evans')).toBe('');
    expect(nameKey(undefined, undefined)).toBe('');
  });

  it('keeps a first name that is only a title-like word', () => {
    expect(nameKey('Miss', 'Smith')).toBe('miss|smith');
  });

  it('reads display names in either order', () => {
    expect(displayNameKey("Dr Siân O'Connor")).toBe(nameKey('Sian', 'OConnor'));
    expect(displayNameKey("O'Connor, Siân")).toBe(nameKey('Sian', 'OConnor'));
    expect(displayNameKey('Siân')).toBe('');
  });
});

describe('emailKey and localIdKey', () => {
  it('compare emails without case or surrounding spaces', () => {
    expect(emailKey(' Sian.OConnor@NHS.net ')).toBe('sian.oconnor@nhs.net');
  });

  it('compare local IDs exactly apart from surrounding spaces and invisible characters', () => {
    expect(localIdKey(' RXX\u200B001 ')).toBe('RXX001');
    expect(localIdKey('rxx001')).not.toBe(localIdKey('RXX001'));
  });
});

describe('mobileKey', () => {
  it.each([
    '07700 900123',
    '07700900123',
    '+44 7700 900123',
    '+447700900123',
    '447700900123',
    '0044 7700 900123',
    '+44 (0)7700 900-123',
    '+44 07700 900123',
    '07700.900.123',
  ])('reads %s as 07700900123', (m) => {
    expect(mobileKey(m)).toBe('07700900123');
  });

  it.each(['0113 234 5678', '+1 202 555 0100', '0770090012', 'mobile', '', '7.7E+09'])('rejects %s', (m) => {
    expect(mobileKey(m)).toBe('');
  });

  it('gives the same key by its fast path for digits and spaces as by the general rules, for any such text', () => {
    // The general rules, as written before the fast path: the reference.
    const general = (mobile: string): string => {
      if (!mobile) return '';
      let digits = mobile.replace(/[\s().-]/g, '');
      if (digits.startsWith('+')) digits = digits.slice(1);
      else if (digits.startsWith('00')) digits = digits.slice(2);
      if (!/^\d+$/.test(digits)) return '';
      if (digits.startsWith('440')) digits = digits.slice(3);
      else if (digits.startsWith('44')) digits = digits.slice(2);
      else if (digits.startsWith('0')) digits = digits.slice(1);
      return /^7\d{9}$/.test(digits) ? `0${digits}` : '';
    };
    const piece = fc.constantFrom('0', '00', '44', '440', '7', '7700', '900123', '12', ' ', '  ', '+', '(', '-', '\t', '5');
    const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (mobile) => mobileKey(mobile) === general(mobile)),
      { numRuns: 5000 },
    );
    for (const mobile of ['+447700900123', '00447700900123', '0044 07700 900123', '004407700900123', '+', '00', ' ', '+ 44 7700 900123'])
      expect(mobileKey(mobile), mobile).toBe(general(mobile));
  });
});

describe('headerKey and invisible characters', () => {
  it('ignores case, spaces, underscores and punctuation in headings', () => {
    expect(headerKey('External_Sync ID')).toBe(headerKey('externalsyncid'));
    expect(headerKey('E-mail address:')).toBe('emailaddress');
  });

  it('finds, strips and names zero-width and bidi characters', () => {
    expect(hasInvisible('RXX\u200B001')).toBe(true);
    expect(hasInvisible('RXX001')).toBe(false);
    // Repeated calls give the same answer (no regex state carried between calls).
    expect([hasInvisible('a\u202Eb'), hasInvisible('a\u202Eb')]).toEqual([true, true]);
    expect(stripInvisible('a\u200Db\u2066c')).toBe('abc');
    expect(invisibleCharNames('\u200Bx\u202E\u200B')).toEqual(['zero-width space', 'right-to-left override']);
  });

  it('hasInvisibleIn and isBlank, without their character loops, answer as hasInvisible and stripping then trimming do', () => {
    const unit = fc.constantFrom('a', 'Z', '~', ' ', '\t', '\n', '\u00A0', '\u3000', '\u200B', '\u202E', '\uFEFF', '\u00AD', 'é', '!', '\u0000');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 6 }), (value) => {
        expect(hasInvisibleIn(value)).toBe(hasInvisible(value));
        expect(isBlank(value)).toBe(stripInvisible(value).trim() === '');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('name folding (issue 19, case 18)', () => {
  it.each([
    ['Søren', 'Soren'],
    ['Łukasz', 'Lukasz'],
    ['Strauß', 'Strauss'],
    ['Ægir', 'Aegir'],
    ['Đorđe', 'Dorde'],
  ])('folds letters that have no accent to strip: %s matches %s', (a, b) => {
    expect(nameKey(a, 'Smith')).toBe(nameKey(b, 'Smith'));
    expect(nameKey('Ann', a)).toBe(nameKey('Ann', b));
  });
});

describe('display-name keys (issue 19, case 10)', () => {
  it('ignores a trailing organisation in brackets: "Jane Doe (NHS ENGLAND)" is Jane Doe', () => {
    expect(displayNameKey('Jane Doe (NHS ENGLAND)')).toBe(nameKey('Jane', 'Doe'));
    expect(displayNameKeys('DOE, Jane (NHS ENGLAND - X24)')).toContain(nameKey('Jane', 'Doe'));
  });

  it('takes a surname with a particle whole: "Dafydd ap Rhys" matches first Dafydd, last "ap Rhys"', () => {
    expect(displayNameKey('Dafydd ap Rhys')).toBe(nameKey('Dafydd', 'ap Rhys'));
  });

  it('matches a display name with a middle name on either split, or without the middle name', () => {
    const keys = displayNameKeys('Mary Jane Watson');
    expect(namesMatch(keys, nameKeys('Mary Jane', 'Watson'))).toBe(true);
    expect(namesMatch(keys, nameKeys('Mary', 'Jane Watson'))).toBe(true);
    expect(namesMatch(keys, nameKeys('Mary', 'Watson'))).toBe(true);
    expect(namesMatch(keys, nameKeys('Mary', 'Smith'))).toBe(false);
  });

  it('drops a title after the comma: "Smith, Dr John" is John Smith', () => {
    expect(displayNameKey('Smith, Dr John')).toBe(nameKey('John', 'Smith'));
  });

  it('matches a first-name field holding a middle name against the first name alone', () => {
    expect(namesMatch(nameKeys('Mary Jane', 'Watson'), nameKeys('Mary', 'Watson'))).toBe(true);
    expect(namesMatch(nameKeys('Mary Jane', 'Watson'), nameKeys('Jane', 'Watson'))).toBe(false);
  });
});
