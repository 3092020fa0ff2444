import { beforeEach, describe, expect, it } from 'vitest';
import { listSubmissions } from '../../../lib/submissions/history-store';
import { startWorker, testDb } from '../../support/background';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { COL, resultsCsv, upload } from './fixtures';
import { clearHistory } from '../submissions/fixtures';

const PAGE = 'https://portal.nhs.net/Admin#/csv-upload';

beforeEach(clearHistory);

function setUp() {
  const { tracker, handlers } = startWorker({
    tracker: { probeTab: async () => ({ url: PAGE }) },
    results: { existingAccounts: async () => ({ byLocalId: new Map(), byEmail: new Map() }) },
  });
  return { tracker, reconcile: (fileName: string, text: string) => handlers['results-reconcile']({ fileName, text, encoding: 'utf-8' }, {}) };
}

describe('reconciling a results email in the background', () => {
  it('moves the matching upload to results-received and frees the slot', async () => {
    const { tracker, reconcile } = setUp();
    const up = upload(3);
    const acquired = await tracker.acquire(
      {
        fileName: 'staff.csv',
        fingerprint: fingerprintRows(up.rows),
        rowCount: 3,
        header: up.header,
        localIds: up.rows.map((r) => r[COL.ExternalSyncID!]!),
      },
      { tabId: 4, url: PAGE },
    );
    if (!acquired.granted) throw new Error('expected the slot');
    await tracker.markProcessing(acquired.submission.id, { tabId: 4 });

    const reply = await reconcile('staff results.csv', resultsCsv(up, ['Updated', 'Failed - Mobile number must be a UK mobile', 'Updated']));
    expect(reply).toMatchObject({
      outcome: 'reconciled',
      report: { submissionId: acquired.submission.id, slotFreed: true, counts: { success: 2, failure: 1 } },
    });
    expect(await tracker.status({})).toEqual({ state: 'free' });
    const [record] = await listSubmissions(await testDb());
    expect(record).toMatchObject({
      state: 'results-received',
      resultsFileName: 'staff results.csv',
      outcome: { failed: 1, failedLocalIds: [up.rows[1]![COL.ExternalSyncID!]] },
    });
  });

  it('reconciles a file on its own without touching the slot when nothing matches', async () => {
    const { tracker, reconcile } = setUp();
    const other = upload(2);
    const acquired = await tracker.acquire(
      { fileName: 'a.csv', fingerprint: 'ffff', rowCount: 1, header: ['ID', 'ExternalSyncID'], localIds: ['Q1'] },
      { tabId: 4, url: PAGE },
    );
    expect(acquired.granted).toBe(true);
    const reply = await reconcile('results.csv', resultsCsv(other, ['Updated', 'Updated']));
    expect(reply).toMatchObject({ outcome: 'reconciled', report: { slotFreed: false, counts: { success: 2 } } });
    expect(reply.outcome === 'reconciled' && reply.report.submissionId).toBeFalsy();
    expect(await tracker.status({})).toMatchObject({ state: 'held' });
  });

  it('explains a file it cannot read', async () => {
    const { reconcile } = setUp();
    expect(await reconcile('empty.csv', '')).toMatchObject({ outcome: 'cannot-reconcile', error: expect.stringMatching(/empty/) });
  });
});
