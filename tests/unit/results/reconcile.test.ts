import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { reconcileResults } from '../../../lib/results/reconcile';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { COL, resultsCsv, table, trackedSubmission, upload } from './fixtures';

const templateHeader = BUNDLED_TEMPLATE.header;

function reconciled(input: Parameters<typeof reconcileResults>[0]) {
  const result = reconcileResults(input);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('reconciling the results email', () => {
  const up = upload(6);
  const results = ['Updated', 'Failed - Mobile number must be a UK mobile', 'Updated', 'Created', 'Failed - Invalid email address', 'Pending review'];

  it('counts rows by outcome and lists the failures with line, local ID, name and the portal\u2019s text', () => {
    const r = reconciled({ table: table(resultsCsv(up, results)), history: [trackedSubmission(up)], templateHeader });
    // Row 4 says "Created" although it has the portal's own ID: a duplicate account, not a success.
    expect(r.report.counts).toMatchObject({ success: 2, updated: 2, duplicates: 1, failure: 2, unknown: 1, missing: 0, rows: 6 });
    expect(r.report.failedRows).toEqual([
      {
        line: 3,
        localId: up.rows[1]![COL.ExternalSyncID!],
        name: up.rows[1]![COL.DisplayName!],
        email: up.rows[1]![COL.EmailAddress!],
        result: 'Failed - Mobile number must be a UK mobile',
      },
      expect.objectContaining({ line: 6, result: 'Failed - Invalid email address' }),
    ]);
    expect(r.report.unknownRows).toEqual([expect.objectContaining({ line: 7, result: 'Pending review' })]);
  });

  it('matches the tracked upload and gives the outcome the history keeps', () => {
    const r = reconciled({ table: table(resultsCsv(up, results)), history: [trackedSubmission(up)], templateHeader });
    expect(r.report.match).toMatchObject({ submissionId: 'sub-1', how: 'fingerprint', fileName: 'staff.csv', previousState: 'processing' });
    const ids = up.rows.map((row) => row[COL.ExternalSyncID!]!);
    expect(r.outcome).toMatchObject({
      succeeded: 2,
      duplicates: 1,
      failed: 2,
      unknown: 1,
      appliedLocalIds: [ids[0], ids[2], ids[3]],
      failedLocalIds: [ids[1], ids[4]],
      unknownLocalIds: [ids[5]],
    });
  });

  it('flags a row that created an account where an update was expected, naming the existing account', () => {
    const existingId = up.rows[3]![COL.ExternalSyncID!]!;
    const r = reconciled({
      table: table(resultsCsv(up, results)),
      history: [trackedSubmission(up)],
      templateHeader,
      existingAccounts: { byLocalId: new Map([[existingId, { email: 'existing.person@nhs.net', localId: existingId }]]), byEmail: new Map() },
    });
    expect(r.report.duplicateRows).toEqual([
      expect.objectContaining({
        line: 5,
        localId: existingId,
        existing: { email: 'existing.person@nhs.net', localId: existingId },
        existingFrom: 'report',
        result: 'Created',
      }),
    ]);
    expect(r.report.counts.createdInsteadOfUpdated).toBe(1);
    expect(r.outcome.createdInsteadOfUpdatedLocalIds).toEqual([existingId]);
  });

  it('does not flag a created account that was meant to be new (no portal ID, not in any report)', () => {
    const fresh = upload(2, (row, i) => (i === 1 ? row.map((v, c) => (c === COL.ID ? '' : v)) : row));
    const r = reconciled({ table: table(resultsCsv(fresh, ['Updated', 'Created'])), history: [], templateHeader });
    expect(r.report.duplicateRows).toEqual([]);
  });

  it('lists rows the results leave out or leave blank', () => {
    const shorter = { header: up.header, rows: up.rows.slice(0, 4) };
    // Fewer rows than the upload: matched only because the admin chose it.
    const r = reconciled({
      table: table(resultsCsv(shorter, ['Updated', '', 'Updated', 'Updated'])),
      history: [trackedSubmission(up)],
      templateHeader,
      submissionId: 'sub-1',
    });
    expect(r.report.match?.how).toBe('confirmed');
    expect(r.report.counts.missing).toBe(3);
    // The history counts them as unclear: they may have been applied, so they are never resubmitted blindly.
    expect(r.outcome).toMatchObject({ unknown: 3, missing: 3 });
    expect(r.outcome.unknownLocalIds).toHaveLength(3);
    expect(r.report.missingRows).toEqual([
      { localId: up.rows[1]![COL.ExternalSyncID!], line: 3, name: up.rows[1]![COL.DisplayName!] },
      { localId: up.rows[4]![COL.ExternalSyncID!] },
      { localId: up.rows[5]![COL.ExternalSyncID!] },
    ]);
  });

  it('reconciles a file on its own when no upload was tracked, finding the result column by the template', () => {
    const r = reconciled({ table: table(resultsCsv(up, results, { column: 'Processing outcome' })), history: [], templateHeader });
    expect(r.match).toBeUndefined();
    expect(r.report).toMatchObject({ resultColumn: 'Processing outcome', resultColumnHow: 'not-in-template', counts: { failure: 2 } });
    expect(r.report.notes.join(' ')).toMatch(/reconciled on its own/);
  });

  it('offers a retry file with exactly the failed rows, and a needs-review file for rows to look at in the portal', () => {
    const r = reconciled({ table: table(resultsCsv(up, results)), history: [trackedSubmission(up)], templateHeader });
    const [head, ...rows] = Papa.parse<string[]>(r.report.files.retry!.content.trim(), { newline: '\r\n' }).data;
    expect(head).toEqual(up.header);
    expect(rows).toEqual([up.rows[1], up.rows[4]]);
    const review = Papa.parse<string[]>(r.report.files.needsReview!.content.trim(), { newline: '\r\n' }).data;
    // Row 4 has a portal ID yet "Created": a probable duplicate. Row 6's result is unclear.
    expect(review.slice(1).map((row) => row[COL.ExternalSyncID!])).toEqual([up.rows[3]![COL.ExternalSyncID!], up.rows[5]![COL.ExternalSyncID!]]);
    expect(review[0]?.at(-1)).toBe('CSV Guard: why to review');
  });

  it('offers no retry file when nothing failed', () => {
    const r = reconciled({
      table: table(
        resultsCsv(
          up,
          results.map(() => 'Updated'),
        ),
      ),
      history: [trackedSubmission(up)],
      templateHeader,
    });
    expect(r.report.files.retry).toBeUndefined();
    expect(r.report.counts.success).toBe(6);
  });

  it('handles a large file, keeping the shown lists short and the download complete', () => {
    const big = upload(3000);
    const r = reconciled({
      table: table(
        resultsCsv(
          big,
          big.rows.map(() => 'Failed - error'),
        ),
      ),
      history: [],
      templateHeader,
    });
    expect(r.report.counts.failure).toBe(3000);
    expect(r.report.failedRows.length).toBe(500);
    expect(r.report.files.retry!.content.trim().split('\r\n')).toHaveLength(3001);
  });
});
