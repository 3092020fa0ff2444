import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, mailboxOf, people, uploadCsv } from '../helpers';

// Issue 19, case 6.
const staff = people(5, 21);

describe('ambiguous-local-id', () => {
  it('blocks a row whose local ID ("N/A") is shared by several cached mailboxes of its organisation', () => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i < 3 ? { localId: 'N/A' } : {}));
    const text = uploadCsv([staff[1]!, staff[4]!], (row, i) => (i === 0 ? Object.assign([...row], { [COL.ExternalSyncID!]: 'N/A' }) : row));
    const result = check(text, [], { mailboxes });
    const [f, ...rest] = byRule(result, 'ambiguous-local-id');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'block', line: 2, column: 'ExternalSyncID', localId: 'N/A' });
    expect(f!.message).toMatch(/^The local ID N\/A on line 2 is on 3 mailboxes .*cannot tell which account to update/);
    expect(f!.related).toHaveLength(3);
    expect(f!.fix).toContain('own local ID');
  });

  it('does not flag a local ID that one mailbox has, nor one shared by mailboxes of two organisations', () => {
    const twoOrgs = [...staff.map((p) => mailboxOf(p)), mailboxOf({ ...staff[0]!, email: 'other@nhs.net' }, 'RYY')];
    expect(byRule(check(uploadCsv(staff), staff, { mailboxes: twoOrgs }), 'ambiguous-local-id')).toEqual([]);
  });
});
