import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCsvBytes } from '../../lib/csv/read';
import { decodeBytes } from '../../lib/csv/decode';
import { parseMailboxReport } from '../../lib/portal/mailbox-report';
import { fingerprintRows } from '../../lib/submissions/fingerprint';
import { generatePeople, uploadRow } from '../support/generate';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { clearHistory } from './submissions/fixtures';
import { startWorker } from '../support/background';

// The right kind of file in the wrong place: each ends in a plain message and changes nothing.
const DIR = 'tests/fixtures/bad';
const PAGE = 'https://portal.nhs.net/Admin#/csv-upload';

beforeEach(clearHistory);

describe('bad input corpus: a file chosen in the wrong place', () => {
  it('upload-as-mailbox-report.csv: the report import says it is an upload file and where to get the report', () => {
    const name = 'upload-as-mailbox-report.csv';
    const read = readCsvBytes(readFileSync(`${DIR}/${name}`), name);
    if (!read.ok) throw new Error(read.error.message);
    const parsed = parseMailboxReport(read.table, 'rxx');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/upload-as-mailbox-report\.csv” looks like a CSV upload file, not the Mailbox Report/);
    expect(!parsed.ok && parsed.error).toMatch(/Reports/);
  });

  it('results-from-another-upload.csv: reconciled on its own, and the upload in flight keeps its hold', async () => {
    const { tracker, handlers } = startWorker({
      tracker: { probeTab: async () => ({ url: PAGE }) },
      results: { existingAccounts: async () => ({ byLocalId: new Map(), byEmail: new Map() }) },
    });
    // The upload in flight is of other people than the results file.
    const inFlight = generatePeople(40, 11).slice(0, 3).map(uploadRow);
    const acquired = await tracker.acquire(
      {
        fileName: 'this week.csv',
        fingerprint: fingerprintRows(inFlight),
        rowCount: 3,
        header: BUNDLED_TEMPLATE.header,
        localIds: inFlight.map((r) => r[1]!),
      },
      { tabId: 3, url: PAGE },
    );
    if (!acquired.granted) throw new Error('expected the slot');
    await tracker.markProcessing(acquired.submission.id, { tabId: 3 });

    const name = 'results-from-another-upload.csv';
    const { text, encoding } = decodeBytes(readFileSync(`${DIR}/${name}`));
    const reply = await handlers['results-reconcile']({ fileName: name, text, encoding }, {});
    expect(reply).toMatchObject({
      outcome: 'reconciled',
      report: { slotFreed: false, resultColumn: 'Upload Result', counts: { success: 2, failure: 1 } },
    });
    expect(reply.outcome === 'reconciled' && reply.report.submissionId).toBeFalsy();
    expect(await tracker.status({})).toMatchObject({ state: 'held', submission: { fileName: 'this week.csv', state: 'processing' } });
  });
});
