import { describe, expect, it } from 'vitest';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { RecordedRowsCache } from '../../../lib/checks/recorded-rows';
import { findSubmissionOverlaps } from '../../../lib/checks/submission-overlap';
import type { CsvTable } from '../../../lib/csv/types';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import type { Submission } from '../../../lib/submissions/types';
import { columns, header, uploadTable as table } from './row-arbitraries';

/** A row of the bundled template with this local ID and email, the rest blank. */
function row(localId: string, email: string): string[] {
  const values = header.map(() => '');
  values[columns.localId!] = localId;
  values[columns.email!] = email;
  return values;
}

/** An earlier upload of these rows, each predicted to create an account; read afresh (a new object) at each call. */
function earlier(id: string, rows: string[][], change: Partial<Submission> = {}): Submission {
  return {
    id,
    state: 'finished',
    fileName: `${id}.csv`,
    fingerprint: fingerprintRows(rows),
    rowCount: rows.length,
    header,
    localIds: rows.map((r) => r[columns.localId!]!),
    predictedUpdateLocalIds: [],
    predictedUpdateRowHashes: [],
    predictedCreates: rows.map((r) => ({ rowHash: fingerprintRows([r]), localId: r[columns.localId!]!.toLowerCase(), email: r[columns.email!]! })),
    createdAt: 1_000,
    updatedAt: 1_000,
    ...change,
  };
}

/** The rows of `upload` CSV Guard holds as unsafe to send again, searched with the worker's kept sets. */
function unsafeRows(upload: CsvTable, submissions: Submission[], kept: RecordedRowsCache): number[][] {
  const evidence = { reports: [], mailboxes: buildMailboxIndex([]) };
  return findSubmissionOverlaps(upload, columns, submissions, undefined, evidence, false, { recordedRows: kept }).map((o) => o.rowIndexes);
}

describe("the worker's kept sets of earlier uploads' rows", () => {
  const rows = [row('NEW001', 'new.one@nhs.net'), row('NEW002', 'new.two@nhs.net')];

  it('judge an upload read again by its results since, not by what was kept of it', () => {
    const kept = new RecordedRowsCache();
    expect(unsafeRows(table(rows), [earlier('up', rows)], kept)).toEqual([[0, 1]]);
    // The results came: the first row failed (safe to send again), the second was created.
    const reconciled = earlier('up', rows, {
      state: 'results-received',
      outcome: { succeeded: 1, failed: 1, unknown: 0, appliedLocalIds: ['NEW002'], failedLocalIds: ['NEW001'] },
    });
    expect(unsafeRows(table(rows), [reconciled], kept)).toEqual([[1]]);
  });

  it('judge a record with the same id but other rows by its own rows', () => {
    const kept = new RecordedRowsCache();
    expect(unsafeRows(table(rows), [earlier('up', rows)], kept)).toEqual([[0, 1]]);
    const others = [row('OTHER1', 'other.one@nhs.net'), row('OTHER2', 'other.two@nhs.net')];
    expect(unsafeRows(table(rows), [earlier('up', others)], kept)).toEqual([]);
    expect(unsafeRows(table(rows), [earlier('up', rows)], kept)).toEqual([[0, 1]]);
  });

  it('judge an upload let go by an earlier search again from its record', () => {
    const kept = new RecordedRowsCache();
    const others = [row('OTHER1', 'other.one@nhs.net')];
    expect(unsafeRows(table(rows), [earlier('first', rows)], kept)).toEqual([[0, 1]]);
    expect(unsafeRows(table(rows), [earlier('second', others)], kept)).toEqual([]);
    expect(unsafeRows(table(rows), [earlier('first', rows), earlier('second', others)], kept)).toEqual([[0, 1]]);
  });

  it('hold only the uploads still unsafe to repeat, once a search no longer reads the others', () => {
    const kept = new RecordedRowsCache();
    const others = [row('OTHER1', 'other.one@nhs.net')];
    unsafeRows(table(rows), [earlier('first', rows), earlier('second', others)], kept);
    expect(kept.size).toBe(2);
    // The first upload's results came and every row was applied: it is safe to repeat, and its sets are let go.
    const done = earlier('first', rows, {
      state: 'results-received',
      outcome: { succeeded: 2, failed: 0, unknown: 0, appliedLocalIds: ['NEW001', 'NEW002'], failedLocalIds: [] },
    });
    expect(unsafeRows(table(rows), [done, earlier('second', others)], kept)).toEqual([]);
    expect(kept.size).toBe(1);
    unsafeRows(table(rows), [], kept);
    expect(kept.size).toBe(0);
  });
});
