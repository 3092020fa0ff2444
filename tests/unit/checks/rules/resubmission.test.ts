import { describe, expect, it } from 'vitest';
import { isUnsafeToRepeat } from '../../../../lib/checks/submission-overlap';
import { resolveUploadColumns } from '../../../../lib/portal/columns';
import { fingerprintRows } from '../../../../lib/submissions/fingerprint';
import { predictedRows } from '../../../../lib/submissions/submitted-rows';
import { markExpired, markFinished, markProcessing, markResultsReceived, startPreparing } from '../../../../lib/submissions/transitions';
import type { Submission, SubmissionState } from '../../../../lib/submissions/types';
import { COL } from '../../../support/generate';
import { byRule, check, mailboxOf, NOW, people, reportMeta, table, uploadCsv } from '../helpers';

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
    expect(findings[0]).toMatchObject({
      severity: 'block',
      line: 0,
      message: expect.stringMatching(/same file as "monday\.csv", submitted at .*still processing/),
    });
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

describe('resubmission: issue 19 cases 1, 2 and 9', () => {
  // 1 update (staff[0]) and 2 creates (blank local IDs), uploaded an hour ago.
  const newStarter = (p: (typeof staff)[number], n: number) => ({
    ...p,
    portalId: '',
    localId: '',
    email: `new.starter${n}@nhs.net`,
    mobile: `07700 95555${n}`,
  });
  const threeRows = [staff[0]!, newStarter(staff[1]!, 1), newStarter(staff[2]!, 2)];
  const threeText = uploadCsv(threeRows);
  const threeTable = table(threeText);
  const columns = resolveUploadColumns(threeTable.header);
  const uploaded = markProcessing(
    startPreparing(
      {
        fileName: 'monday.csv',
        fingerprint: fingerprintRows(threeTable.rows.map((r) => r.values)),
        rowCount: 3,
        header: threeTable.header,
        localIds: [staff[0]!.localId],
        predictedUpdateLocalIds: [staff[0]!.localId],
        predictedCreates: predictedRows(threeTable, columns, [staff[0]!.localId]).predictedCreates,
      },
      { id: 's1' },
      NOW - 3_700_000,
    ),
    NOW - 3_600_000,
  );

  it('case 1: "Mark as finished" after expiry leaves the upload unsafe to repeat, and the same file is still blocked on its creates', () => {
    const finished = markFinished(markExpired(uploaded, NOW - 600_000, 1), NOW - 60_000);
    expect(finished.outcome).toBeUndefined();
    expect(isUnsafeToRepeat(finished)).toBe(true);
    const findings = byRule(check(threeText, staff, { submissions: [finished] }), 'resubmission');
    expect(findings[0]!.message).toMatch(/same file as "monday\.csv".*marked as finished without its results/);
    // Line 2, the update, may be sent again now the upload has ended; the two new starters may already exist.
    expect(findings.slice(1).map((f) => f.line)).toEqual([3, 4]);
  });

  it('case 1: it stops being unsafe only row by row, once a report newer than the upload shows what happened', () => {
    const finished = markFinished(uploaded, NOW - 60_000);
    const newer = { ...reportMeta('RXX', 0), importedAt: NOW - 30_000 };
    // The report shows the first new starter was created; the second was not.
    const created = mailboxOf({ ...threeRows[1]!, localId: 'NEW000001' });
    const findings = byRule(
      check(threeText, staff, { submissions: [finished], reports: [newer], mailboxes: [...staff.map((p) => mailboxOf(p)), created] }),
      'resubmission',
    );
    expect(findings.filter((f) => f.line > 0).map((f) => f.line)).toEqual([3]);
    expect(findings.at(-1)!.message).toMatch(/It created an account .*new.starter1@nhs.net.*would create a duplicate/);
  });

  it('case 2: an edited file repeating the blank-ID new starters is flagged on those rows, not only on local IDs', () => {
    const edited = uploadCsv(threeRows, (row, i) => (i === 1 ? Object.assign([...row], { [COL.JobTitle!]: 'Sister' }) : row));
    const findings = byRule(check(edited, staff, { submissions: [uploaded] }), 'resubmission');
    expect(findings.filter((f) => f.line > 0).map((f) => f.line)).toEqual([2, 3, 4]);
    expect(findings.find((f) => f.line === 3)!.message).toMatch(/was to create a new account, which may already exist/);
    // Matched by name and mobile when the email changed too.
    const renamedEmail = uploadCsv([threeRows[2]!], (row) => Object.assign([...row], { [COL.EmailAddress!]: 'n.s2@nhs.net' }));
    expect(byRule(check(renamedEmail, staff, { submissions: [uploaded] }), 'resubmission').map((f) => f.line)).toEqual([0, 2]);
    // Matched by email alone when the mobile changed too (so did the row's values).
    const newMobile = uploadCsv([threeRows[1]!], (row) => Object.assign([...row], { [COL.MobileNumber!]: '07700 900999' }));
    expect(byRule(check(newMobile, staff, { submissions: [uploaded] }), 'resubmission').map((f) => f.line)).toEqual([0, 2]);
    // And not at all once neither the email nor the name and mobile are the earlier row's.
    const someoneElse = uploadCsv([threeRows[1]!], (row) =>
      Object.assign([...row], { [COL.MobileNumber!]: '07700 900999', [COL.EmailAddress!]: 'n.s1@nhs.net' }),
    );
    expect(byRule(check(someoneElse, staff, { submissions: [uploaded] }), 'resubmission')).toEqual([]);
  });

  it("case 9: CSV Guard's own retry file (the rows the results say failed) is not blocked as a resubmission", () => {
    const ids = staff.slice(0, 3).map((p) => p.localId);
    const reconciled = markResultsReceived(
      { ...uploaded, localIds: ids, predictedUpdateLocalIds: ids, predictedCreates: [] },
      { succeeded: 2, failed: 1, unknown: 0, appliedLocalIds: [ids[0]!, ids[2]!], failedLocalIds: [ids[1]!] },
      { resultsFileName: 'results.csv' },
      NOW - 60_000,
    );
    expect(isUnsafeToRepeat(reconciled)).toBe(true);
    expect(byRule(check(uploadCsv([staff[1]!]), staff, { submissions: [reconciled] }), 'resubmission')).toEqual([]);
    // Updates the results say were applied are safe to send again too; a row nothing is known about is not.
    expect(byRule(check(uploadCsv(staff.slice(0, 3)), staff, { submissions: [reconciled] }), 'resubmission')).toEqual([]);
    // An update whose result was unclear is safe to send again too, once that upload has ended: the same values again.
    const unclear = { ...reconciled, outcome: { ...reconciled.outcome!, unknown: 1, appliedLocalIds: [ids[0]!] } };
    expect(byRule(check(uploadCsv(staff.slice(0, 3)), staff, { submissions: [unclear] }), 'resubmission')).toEqual([]);
  });
});

describe('resubmission: repeating an update whose earlier result is unclear', () => {
  // staff[0] and staff[1] predicted as updates; a new starter with a blank local ID and one with a local ID
  // no report knew (HR's new number), both predicted as creates.
  const hrStarter = { ...staff[3]!, portalId: '', localId: 'HR0000042', email: 'hr.starter@nhs.net', mobile: '07700 955559' };
  const blankStarter = { ...staff[4]!, portalId: '', localId: '', email: 'blank.starter@nhs.net', mobile: '07700 955558' };
  const rows = [staff[0]!, staff[1]!, hrStarter, blankStarter];
  const known = staff.slice(0, 3);
  const text = uploadCsv(rows);
  const t = table(text);
  const columns = resolveUploadColumns(t.header);
  const updates = [staff[0]!.localId, staff[1]!.localId];
  const processing = markProcessing(
    startPreparing(
      {
        fileName: 'tuesday.csv',
        fingerprint: fingerprintRows(t.rows.map((r) => r.values)),
        rowCount: rows.length,
        header: t.header,
        localIds: [...updates, hrStarter.localId],
        predictedUpdateLocalIds: updates,
        predictedCreates: predictedRows(t, columns, updates).predictedCreates,
      },
      { id: 's2' },
      NOW - 3_700_000,
    ),
    NOW - 3_600_000,
  );
  const heldLines = (submission: Submission) =>
    byRule(check(text, known, { submissions: [submission] }), 'resubmission')
      .filter((f) => f.line > 0)
      .map((f) => f.line);

  it('after the upload ended with unclear results, only the creates are held: the updates may be sent again', () => {
    const unclear = markResultsReceived(
      processing,
      { succeeded: 0, failed: 0, unknown: 4, appliedLocalIds: [], failedLocalIds: [], unknownLocalIds: [...updates, hrStarter.localId] },
      { resultsFileName: 'tuesday results.csv' },
      NOW - 60_000,
    );
    expect(heldLines(unclear)).toEqual([4, 5]);
  });

  it('after the upload expired or was marked finished without results, the same: creates held, updates not', () => {
    expect(heldLines(markExpired(processing, NOW - 600_000, 1))).toEqual([4, 5]);
    expect(heldLines(markFinished(processing, NOW - 60_000))).toEqual([4, 5]);
  });

  it('while the earlier upload is still processing, every row is held, updates included', () => {
    expect(heldLines(processing)).toEqual([2, 3, 4, 5]);
  });

  it('an older record that kept no prediction cannot tell an update from a create: every row it had is held', () => {
    const { predictedUpdateLocalIds: _u, predictedCreates: _c, ...unpredicted } = markExpired(processing, NOW - 600_000, 1);
    expect(heldLines({ ...unpredicted, fingerprint: 'other' })).toEqual([2, 3, 4]);
  });
});
