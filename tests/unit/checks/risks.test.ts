import { describe, expect, it } from 'vitest';
import { MAX_ROWS_ONE_BY_ONE, oneByOneLines, risksOf } from '../../../lib/checks/risks';
import type { Finding } from '../../../lib/checks/types';
import { COL } from '../../support/generate';
import { check, people, uploadCsv } from './helpers';

const staff = people(8);

/** Five people: line 3 carries someone else's local ID, lines 4 and 5 would create accounts. */
function riskyFile(): string {
  return uploadCsv(staff.slice(0, 5), (row, i) => {
    if (i === 1) row[COL.ExternalSyncID!] = staff[7]!.localId; // belongs to someone not in the file
    if (i === 2) row[COL.ExternalSyncID!] = '';
    if (i === 3) row[COL.ExternalSyncID!] = 'RXX999999';
    return row;
  });
}

const block = (rule: Finding['rule'], line: number, extra: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'block',
  line,
  message: `${rule} on ${line}`,
  ...extra,
});

describe('risksOf: blocking findings by kind of risk', () => {
  it('counts each kind by rows, most severe first, from a real check', () => {
    const risks = risksOf(check(riskyFile(), staff).findings);
    expect(risks.map((r) => [r.kind, r.rows])).toEqual([
      ['overwrite', 1],
      ['new-accounts', 2],
    ]);
    const overwrite = risks[0]!;
    expect(overwrite.items).toEqual([{ line: 3, account: `${staff[7]!.displayName} (${staff[7]!.email})` }]);
  });

  it('counts a row once per kind, however many findings it has, and ignores findings that do not block', () => {
    const risks = risksOf([
      block('unknown-local-id', 3),
      block('probable-duplicate', 3),
      block('missing-local-id', 4),
      block('duplicate-local-id', 6),
      block('duplicate-local-id', 7),
      { ...block('invalid-field', 8), severity: 'warn' },
    ]);
    expect(risks).toEqual([
      { kind: 'new-accounts', rows: 2, fileProblems: 0, secondAccounts: 1 },
      { kind: 'repeat-local-id', rows: 2, fileProblems: 0 },
    ]);
  });

  it('keeps file-wide problems apart from rows', () => {
    expect(risksOf([block('header', 1), block('resubmission', 0), block('resubmission', 4)])).toEqual([
      { kind: 'resubmission', rows: 1, fileProblems: 1 },
      { kind: 'file', rows: 0, fileProblems: 1 },
    ]);
  });

  it('lists at most MAX_ROWS_ONE_BY_ONE rows of a one-by-one kind, while counting them all', () => {
    const findings = Array.from({ length: MAX_ROWS_ONE_BY_ONE + 5 }, (_, i) => block('identity-mismatch', i + 2));
    const [risk] = risksOf(findings);
    expect(risk!.rows).toBe(MAX_ROWS_ONE_BY_ONE + 5);
    expect(risk!.items).toHaveLength(MAX_ROWS_ONE_BY_ONE);
  });

  it('names the lines "Upload without these rows" leaves out: overwrites and shared local IDs only', () => {
    expect([
      ...oneByOneLines([block('identity-mismatch', 3), block('ambiguous-local-id', 5), block('missing-local-id', 4), block('identity-mismatch', 1)]),
    ]).toEqual([3, 5]);
  });
});
