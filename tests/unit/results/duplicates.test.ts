import { describe, expect, it } from 'vitest';
import { reconcileResults } from '../../../lib/results/reconcile';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { historyCsv } from '../../../lib/submissions/history-csv';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { markProcessing, markResultsReceived, startPreparing } from '../../../lib/submissions/transitions';
import Papa from 'papaparse';
import { check, people } from '../checks/helpers';
import { COL, resultsCsv, table } from './fixtures';
import { uploadCsv } from '../../support/generate';

const templateHeader = BUNDLED_TEMPLATE.header;
const T0 = Date.UTC(2026, 2, 2, 9, 0);

/**
 * A risky upload as the check sees it: row 0 a plain update, row 1 a new starter (blank IDs), row 2
 * someone who already has an account but with a blank local ID (probable duplicate by email), row 3 an
 * update by local ID. Returns the file, the check and the submission it becomes.
 */
function riskyUpload() {
  const everyone = people(6);
  const known = everyone.slice(0, 4);
  const text = uploadCsv([everyone[0]!, everyone[5]!, everyone[2]!, everyone[3]!], (row, i) => {
    if (i === 1 || i === 2) {
      row[COL.ID!] = '';
      row[COL.ExternalSyncID!] = '';
    }
    return row;
  });
  const result = check(text, known);
  const parsed = Papa.parse<string[]>(text.trim(), { newline: '\r\n' }).data;
  const [header = [], ...rows] = parsed;
  const submission = markProcessing(
    startPreparing(
      {
        fileName: 'risky.csv',
        fingerprint: fingerprintRows(rows),
        rowCount: rows.length,
        header,
        localIds: rows.map((r) => r[COL.ExternalSyncID!]!).filter(Boolean),
        predictedUpdateLocalIds: result.predictedUpdateLocalIds,
        ...(result.predictedDuplicates ? { predictedDuplicates: result.predictedDuplicates } : {}),
      },
      { id: 'risky' },
      T0,
    ),
    T0 + 60_000,
  );
  return { everyone, header, rows, result, submission };
}

describe('reconciliation classes: updated, created as predicted, duplicate created, failed, unclear', () => {
  it('the check keeps, with the upload, the existing account each predicted duplicate repeats', () => {
    const { everyone, submission } = riskyUpload();
    expect(submission.predictedDuplicates).toEqual([
      expect.objectContaining({
        row: 2,
        how: 'email',
        existing: expect.objectContaining({ email: everyone[2]!.email, localId: everyone[2]!.localId }),
      }),
    ]);
  });

  it('counts only real successes as succeeded, and names the account each duplicate repeats from the check, with no report cached', () => {
    const { everyone, header, rows, submission } = riskyUpload();
    const r = reconcileResults({
      table: table(resultsCsv({ header, rows }, ['Updated', 'Created', 'Created', 'Created'])),
      history: [submission],
      templateHeader,
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.report.counts).toMatchObject({ rows: 4, success: 2, updated: 1, created: 1, duplicates: 2, failure: 0 });
    expect(r.report.duplicateRows).toEqual([
      expect.objectContaining({
        line: 4,
        existing: expect.objectContaining({ email: everyone[2]!.email }),
        existingFrom: 'check',
        why: 'matched-existing',
      }),
      expect.objectContaining({ line: 5, why: 'predicted-update' }),
    ]);
    expect(r.report.duplicateRows[0]!.nextStep).toMatch(new RegExp(`Keep ${everyone[2]!.email.replace(/[.]/g, '\\.')}`));
    expect(r.outcome).toMatchObject({ succeeded: 2, duplicates: 2 });
  });

  it('names the account a predicted update duplicated from the cached report, by its local ID', () => {
    const { everyone, header, rows, submission } = riskyUpload();
    const existing = { email: everyone[3]!.email, localId: everyone[3]!.localId };
    const r = reconcileResults({
      table: table(resultsCsv({ header, rows }, ['Updated', 'Created', 'Created', 'Created'])),
      history: [submission],
      templateHeader,
      existingAccounts: { byLocalId: new Map([[everyone[3]!.localId, existing]]), byEmail: new Map() },
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.report.counts).toMatchObject({ success: 2, created: 1, duplicates: 2 });
    expect(r.report.duplicateRows.map((d) => [d.line, d.existing?.email, d.existingFrom, d.why])).toEqual([
      [4, everyone[2]!.email, 'check', 'matched-existing'],
      [5, everyone[3]!.email, 'report', 'predicted-update'],
    ]);
  });

  it('a duplicate stays a duplicate when the portal also warned; an applied row with a warning is unclear, never a retry', () => {
    const { header, rows, submission } = riskyUpload();
    const r = reconcileResults({
      table: table(
        resultsCsv({ header, rows }, ['Updated with warnings', 'Failed - invalid mobile', 'User created. Warning: mobile number invalid', '']),
      ),
      history: [submission],
      templateHeader,
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.report.counts).toMatchObject({ success: 0, review: 1, failure: 1, duplicates: 1, missing: 1 });
    expect(r.outcome).toMatchObject({ succeeded: 0, failed: 1, unknown: 2, needsReview: 1, duplicates: 1 });
  });

  it('history and the history CSV keep the duplicates with the account each one duplicates', () => {
    const { everyone, header, rows, submission } = riskyUpload();
    const r = reconcileResults({
      table: table(resultsCsv({ header, rows }, ['Updated', 'Created', 'Created', 'Updated'])),
      history: [submission],
      templateHeader,
    });
    if (!r.ok) throw new Error(r.error);
    const done = markResultsReceived(submission, r.outcome, { resultsFileName: 'risky results.csv' }, T0 + 3_600_000);
    expect(done.outcome?.duplicateRows).toEqual([
      expect.objectContaining({ line: 4, existing: expect.objectContaining({ email: everyone[2]!.email }) }),
    ]);
    const [head, row] = Papa.parse<string[]>(historyCsv([done], T0).content.slice(1).trim(), { newline: '\r\n' }).data;
    expect(row![head!.indexOf('Succeeded')]).toBe('3');
    expect(row![head!.indexOf('Duplicate accounts created')]).toBe('1');
    expect(row![head!.indexOf('Duplicates (line: new account → existing account)')]).toContain(`→ ${everyone[2]!.email}`);
  });
});
