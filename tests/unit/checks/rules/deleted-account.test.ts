import { describe, expect, it } from 'vitest';
import { byRule, check, mailboxOf, people, uploadCsv } from '../helpers';

// Issue 19, case 14.
const staff = people(4, 22);

describe('deleted-account', () => {
  it('does not count a row whose target is permanently deleted as an update: it blocks and says the portal will create an account', () => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i === 2 ? { status: 'deleted-permanent', statusText: 'Deleted Permanent' } : {}));
    const result = check(uploadCsv(staff), staff, { mailboxes });
    const [f, ...rest] = byRule(result, 'deleted-account');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'block', line: 4, localId: staff[2]!.localId });
    expect(f!.message).toMatch(/permanently deleted .*cannot be updated: the portal will create a new account/);
    expect(f!.fix).toMatch(/^Remove line 4/);
    expect(result.summary).toMatchObject({ predictedUpdates: 3, predictedNewAccounts: 1 });
    expect(result.predictedUpdateLocalIds).not.toContain(staff[2]!.localId);
    // Not "not in the report", and the deleted account is not an existing account to "update instead".
    expect(byRule(result, 'unknown-local-id')).toEqual([]);
    expect(byRule(result, 'probable-duplicate')).toEqual([]);
    expect(byRule(result, 'inactive-account')).toEqual([]);
  });

  it('leaves an account that is deleted but not permanently to the inactive-account warning', () => {
    const mailboxes = staff.map((p, i) => mailboxOf(p, 'RXX', i === 2 ? { status: 'deleted', statusText: 'Deleted' } : {}));
    const result = check(uploadCsv(staff), staff, { mailboxes });
    expect(byRule(result, 'deleted-account')).toEqual([]);
    expect(byRule(result, 'inactive-account')).toHaveLength(1);
  });
});
