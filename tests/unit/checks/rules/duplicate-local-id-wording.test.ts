import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 16.
const staff = people(4, 27);

describe('duplicate-local-id wording', () => {
  it('says rows sharing an unknown local ID would each create an account, not update the same one', () => {
    const text = uploadCsv(staff, (row, i) => (i === 1 || i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: 'RXX888888' }) : row));
    const findings = byRule(check(text, staff), 'duplicate-local-id');
    expect(findings.map((f) => f.line)).toEqual([3, 5]);
    expect(findings[0]!.message).toContain('each of these rows would create a new account');
    expect(findings[0]!.message).not.toContain('update the same account');
  });

  it('still says rows sharing a known local ID would all update the same account', () => {
    const text = uploadCsv(staff, (row, i) => (i === 3 ? Object.assign([...row], { [COL.ExternalSyncID!]: staff[1]!.localId }) : row));
    expect(byRule(check(text, staff), 'duplicate-local-id')[0]!.message).toContain('They would all update the same account');
  });
});
