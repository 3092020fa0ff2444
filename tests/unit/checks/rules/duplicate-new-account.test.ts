import { describe, expect, it } from 'vitest';
import { COL } from '../../../support/generate';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 11.
const known = people(3, 24);
const starters = people(6, 25).slice(3);
const blankIds = (row: string[]) => Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' });

describe('duplicate-new-account', () => {
  it('blocks the same new starter twice with blank local IDs (same email), naming both lines', () => {
    const text = uploadCsv([known[0]!, starters[0]!, known[1]!, starters[0]!], (row, i) => (i % 2 === 1 ? blankIds(row) : row));
    const result = check(text, known);
    const findings = byRule(result, 'duplicate-new-account');
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [3, 'block'],
      [5, 'block'],
    ]);
    expect(findings[0]!.message).toMatch(/^Lines 3 and 5 would each create a new account for .* \(the same email address, /);
    expect(findings[0]!.fix).toContain('Keep one of lines 3 and 5');
  });

  it('blocks two new rows with the same name and mobile but different emails', () => {
    const p = starters[1]!;
    const text = uploadCsv([p, { ...p, email: 'personal.typo@nhs.net', firstName: p.firstName.toUpperCase() }], blankIds);
    const findings = byRule(check(text, known), 'duplicate-new-account');
    expect(findings.map((f) => f.line)).toEqual([2, 3]);
    expect(findings[0]!.message).toContain('the same name and mobile number');
  });

  it('does not flag different new people, updates, or rows already caught by duplicate-local-id', () => {
    expect(byRule(check(uploadCsv([starters[0]!, starters[1]!], blankIds), known), 'duplicate-new-account')).toEqual([]);
    expect(byRule(check(uploadCsv([known[0]!, known[0]!]), known), 'duplicate-new-account')).toEqual([]);
    const sameUnknownId = uploadCsv([starters[2]!, starters[2]!], (row) => Object.assign([...row], { [COL.ExternalSyncID!]: 'RXX999999' }));
    const result = check(sameUnknownId, known);
    expect(byRule(result, 'duplicate-new-account')).toEqual([]);
    expect(byRule(result, 'duplicate-local-id')).toHaveLength(2);
  });
});
