import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 13.
const staff = people(4, 23);
const withId = (index: number, id: string) => (row: string[], i: number) =>
  i === index ? Object.assign([...row], { [COL.ExternalSyncID!]: id }) : row;

describe('local-id-not-exact', () => {
  it('warns about a no-break space after a local ID, which CSV Guard matched but the portal may not', () => {
    const id = staff[1]!.localId;
    const [f, ...rest] = byRule(check(uploadCsv(staff, withId(1, `${id}\u00A0`)), staff), 'local-id-not-exact');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warn', line: 3, column: 'ExternalSyncID', localId: id });
    expect(f!.message).toContain(`"${id}" with a no-break space after it`);
    expect(f!.fix).toContain(`line 3 and type ${id} again`);
  });

  it('names ordinary spaces and tabs before and after', () => {
    const id = staff[2]!.localId;
    const [f] = byRule(check(uploadCsv(staff, withId(2, ` \t${id} `)), staff), 'local-id-not-exact');
    expect(f!.message).toContain('with a space and a tab before it and a space after it');
  });

  it('stays silent for exact local IDs, and leaves a zero-width space inside to suspicious-characters', () => {
    expect(byRule(check(uploadCsv(staff), staff), 'local-id-not-exact')).toEqual([]);
    const result = check(uploadCsv(staff, withId(0, `${staff[0]!.localId}\u200B`)), staff);
    expect(byRule(result, 'local-id-not-exact')).toEqual([]);
    expect(byRule(result, 'suspicious-characters')).toHaveLength(1);
  });
});
