import { describe, expect, it } from 'vitest';
import { byRule, check, people, uploadCsv } from '../helpers';

// Issue 19, case 15.
const staff = people(3, 30);

describe("header: Excel's sep= first line", () => {
  it('checks the rows below a sep=; line, and warns that the portal will see that line', () => {
    const text = `sep=;\r\n${uploadCsv(staff).replace(/,/g, ';')}`;
    const result = check(text, staff);
    expect(result.summary).toMatchObject({ rows: 3, predictedUpdates: 3 });
    const sep = byRule(result, 'header').filter((f) => f.line === 1);
    expect(sep).toEqual([expect.objectContaining({ severity: 'warn', line: 1 })]);
    expect(sep[0]!.message).toMatch(/"sep=;", is Excel's note .*the portal .* will take "sep=;" as the heading row/);
    expect(sep[0]!.fix).toMatch(/^Delete line 1/);
    expect(result.findings.filter((f) => f.rule === 'unknown-local-id')).toEqual([]);
  });
});
