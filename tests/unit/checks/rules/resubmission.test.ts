import { describe, expect, it } from 'vitest';
import { fingerprintRows } from '../../../../lib/submissions/fingerprint';
import type { Submission, SubmissionState } from '../../../../lib/submissions/types';
import { byRule, check, NOW, people, table, uploadCsv } from '../helpers';

const staff = people(6);
const text = uploadCsv(staff);
const fingerprint = fingerprintRows(table(text).rows.map((r) => r.values));

function submission(state: SubmissionState, overrides: Partial<Submission> = {}): Submission {
  return {
    id: 's1',
    state,
    fileName: 'monday.csv',
    fingerprint: 'other',
    rowCount: 3,
    header: [],
    localIds: [],
    createdAt: NOW - 3_600_000,
    updatedAt: NOW - 3_600_000,
    processingAt: NOW - 3_500_000,
    ...overrides,
  };
}
const outcome = (failed: number) => ({ succeeded: 6 - failed, failed, unknown: 0, appliedLocalIds: [], failedLocalIds: [] });

describe('resubmission', () => {
  it('blocks the same file while the earlier upload is still processing: one file-level finding and one per row', () => {
    const findings = byRule(check(text, staff, { submissions: [submission('processing', { fingerprint, rowCount: 6 })] }), 'resubmission');
    expect(findings[0]).toMatchObject({ severity: 'block', line: 0, message: expect.stringMatching(/same file as "monday\.csv", submitted at .*still processing/) });
    expect(findings.slice(1).map((f) => [f.line, f.localId])).toEqual(staff.map((p, i) => [i + 2, p.localId]));
    expect(findings[1]!.fix).toMatch(/remainder file/);
  });

  it('blocks only the rows that overlap, by local ID, an upload that ended with failures', () => {
    const earlier = submission('results-received', { localIds: [staff[1]!.localId, staff[4]!.localId, 'RXX999999'], outcome: outcome(2) });
    const findings = byRule(check(text, staff, { submissions: [earlier] }), 'resubmission');
    expect(findings.map((f) => f.line)).toEqual([0, 3, 6]);
    expect(findings[1]!.message).toMatch(/Line 3 \(local ID .*\) was in "monday\.csv".*ended with 2 failed rows/);
  });

  it('treats an upload that expired without results as possibly part-applied', () => {
    const findings = byRule(check(text, staff, { submissions: [submission('expired', { localIds: [staff[0]!.localId] })] }), 'resubmission');
    expect(findings.map((f) => f.line)).toEqual([0, 2]);
  });

  it("does not flag the admin's own preparing attempt, a clean finished upload, or unrelated rows", () => {
    const own = submission('preparing', { fingerprint, rowCount: 6, localIds: staff.map((p) => p.localId) });
    const clean = submission('finished', { localIds: staff.map((p) => p.localId), outcome: outcome(0) });
    const unrelated = submission('processing', { localIds: ['RXX999998'] });
    expect(byRule(check(text, staff, { submissions: [own, clean, unrelated] }), 'resubmission')).toEqual([]);
  });
});
