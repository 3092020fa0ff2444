import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 19.
const staff = people(4, 28);

describe('no-report wording', () => {
  it('says the local IDs look wrong (case changed) rather than the report missing, when the people are in the report', () => {
    const text = uploadCsv(staff, (row, i) => Object.assign([...row], { [COL.ExternalSyncID!]: staff[i]!.localId.toLowerCase() }));
    const [f, ...rest] = byRule(check(text, staff), 'no-report');
    expect(rest).toEqual([]);
    expect(f!.message).not.toContain('has not been imported');
    expect(f!.message).toContain(`line 2 has "${staff[0]!.localId.toLowerCase()}" where the report has "${staff[0]!.localId}"`);
    expect(f!.message).toContain('look wrong');
    expect(f!.message).toContain('different case');
    expect(f!.fix).toMatch(/format the local ID column as Text/);
  });

  it('names leading zeros dropped by Excel', () => {
    const numeric = staff.map((p, i) => ({ ...p, localId: `00${4711 + i}` }));
    const text = uploadCsv(numeric, (row, i) => Object.assign([...row], { [COL.ExternalSyncID!]: String(4711 + i) }));
    expect(byRule(check(text, numeric), 'no-report')[0]!.message).toContain('dropped their leading zeros');
  });

  it('keeps "not imported" for a file of people the report does not know', () => {
    const strangers = people(8, 29)
      .slice(4)
      .map((p) => ({ ...p, localId: p.localId.replace('RXX', 'RZZ'), email: `x.${p.email}`, mobile: '' }));
    expect(byRule(check(uploadCsv(strangers), staff), 'no-report')[0]!.message).toContain('has not been imported');
  });
});
