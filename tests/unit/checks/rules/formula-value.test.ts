import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

const staff = people(4, 31);
const withJobTitle = (index: number, title: string) => (row: string[], i: number) =>
  i === index ? Object.assign([...row], { [COL.JobTitle!]: title }) : row;

describe('formula-value', () => {
  it('names a value a spreadsheet would run as a formula, by line and column, instead of escaping it', () => {
    const [f, ...rest] = byRule(check(uploadCsv(staff, withJobTitle(2, '=HYPERLINK("http://x","Nurse")')), staff), 'formula-value');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warn', line: 4, column: 'JobTitle', localId: staff[2]!.localId });
    expect(f!.message).toContain('starts with "="');
    expect(f!.fix).toContain('JobTitle on line 4');
  });

  it('leaves phone numbers with a leading + alone, and clean files silent', () => {
    expect(byRule(check(uploadCsv(staff), staff), 'formula-value')).toEqual([]);
    expect(byRule(check(uploadCsv(staff, withJobTitle(1, '+44 7700 900123')), staff), 'formula-value')).toEqual([]);
    expect(byRule(check(uploadCsv(staff, withJobTitle(1, '@team lead')), staff), 'formula-value')).toHaveLength(1);
  });
});
