import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { lookupMailboxes } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { importMailboxReport } from '../../../lib/store/import-report';
import { ReportImportError } from '../../../lib/store/import-error';
import { listReports } from '../../../lib/store/reports';
import { uploadCsv } from '../../support/generate';
import { countStoredRows, freshDb, generatePeople, importPeople, mailboxReportCsv, storedLocalIds } from './helpers';

const noKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };

const localIdsInStore = storedLocalIds;

async function importError(promise: Promise<unknown>): Promise<ReportImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ReportImportError)) throw new Error(`expected a ReportImportError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('importMailboxReport', () => {
  it('stores every row with a summary, progress ending at the row count', async () => {
    const db = await freshDb();
    const people = generatePeople(5000);
    people[10]!.localId = '';
    people[11]!.localId = '';
    const phases: string[] = [];
    let lastRead = 0;
    const meta = await importMailboxReport(
      db,
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(people) },
      {
        imports: new ImportsInProgress(),
        lookupCache: new LookupCache(),
        onProgress: (p) => {
          if (phases.at(-1) !== p.phase) phases.push(p.phase);
          lastRead = p.rowsRead;
        },
      },
    );
    expect(meta).toMatchObject({ orgId: 'trust a', orgLabel: 'Trust A', rowCount: 5000, rowsWithoutLocalId: 2, fileName: 'Mailbox Report.csv' });
    expect(meta.columns[0]).toBe('EmailAddress');
    expect(phases).toEqual(['parsing', 'writing', 'swapping']);
    expect(lastRead).toBe(5000);
    expect(await countStoredRows(db)).toBe(5000);
    expect((await listReports(db)).reports).toEqual([meta]);
  });

  it("replaces the organisation's report only, and leaves no rows of the old one", async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(300, 1, 'OLD'), 'Trust A');
    await importPeople(db, generatePeople(100, 2, 'BBB'), 'Trust B');
    const replaced = await importPeople(db, generatePeople(200, 3, 'NEW'), ' trust  A ');

    expect(replaced.rowCount).toBe(200);
    const ids = await localIdsInStore(db);
    expect(ids.filter((id) => id.startsWith('OLD'))).toEqual([]);
    expect(ids.filter((id) => id.startsWith('NEW'))).toHaveLength(200);
    expect(ids.filter((id) => id.startsWith('BBB'))).toHaveLength(100);
    expect((await listReports(db)).reports.map((r) => [r.orgId, r.rowCount]).sort()).toEqual([
      ['trust a', 200],
      ['trust b', 100],
    ]);
  });

  it('keeps the previous report when the new file is an upload CSV, and says why', async () => {
    const db = await freshDb();
    const before = await importPeople(db, generatePeople(100));
    const error = await importError(
      importMailboxReport(
        db,
        { orgLabel: 'Trust A', fileName: 'updates.csv', text: uploadCsv(generatePeople(10)) },
        { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
      ),
    );
    expect(error.code).toBe('wrong-file');
    expect(error.message).toMatch(/“updates.csv” looks like a CSV upload file/);
    expect((await listReports(db)).reports).toEqual([before]);
    expect(await countStoredRows(db)).toBe(100);
  });

  it('keeps the previous report and drops the partial rows when cancelled half-way', async () => {
    const db = await freshDb();
    const before = await importPeople(db, generatePeople(100, 1, 'OLD'));
    const controller = new AbortController();
    const error = await importError(
      importMailboxReport(
        db,
        { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(20_000, 2, 'NEW')) },
        {
          imports: new ImportsInProgress(),
          lookupCache: new LookupCache(),
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'writing' && p.rowsRead > 0) controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/previously imported report, if any, is still in use/);
    expect((await listReports(db)).reports).toEqual([before]);
    expect((await localIdsInStore(db)).every((id) => id.startsWith('OLD'))).toBe(true);
    expect(await countStoredRows(db)).toBe(100);
  });

  it('ends a storage-full failure with a message to act on, keeping the previous report', async () => {
    const db = await freshDb();
    const before = await importPeople(db, generatePeople(100, 1, 'OLD'));
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      puts += 1;
      if (puts > 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const error = await importError(importPeople(db, generatePeople(10_000, 2, 'NEW')));
    vi.restoreAllMocks();

    expect(error.code).toBe('quota');
    expect(error.message).toMatch(/no more storage space/);
    expect(error.message).toMatch(/delete cached reports you no longer need/);
    expect((await listReports(db)).reports).toEqual([before]);
    expect(await countStoredRows(db)).toBe(100);
    expect((await lookupMailboxes(db, new LookupCache(), { ...noKeys, localIds: ['OLD000001'] })).mailboxes).toHaveLength(1);
  });

  it('refuses a report with a header and no mailboxes, and an empty file', async () => {
    const db = await freshDb();
    const headerOnly = await importError(
      importMailboxReport(
        db,
        { orgLabel: 'A', fileName: 'Mailbox Report.csv', text: 'EmailAddress,ExternalSyncID\r\n' },
        { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
      ),
    );
    expect(headerOnly.message).toMatch(/has a header but no mailboxes/);
    const empty = await importError(
      importMailboxReport(
        db,
        { orgLabel: 'A', fileName: 'Mailbox Report.csv', text: '' },
        { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
      ),
    );
    expect(empty.message).toMatch(/“Mailbox Report.csv” is empty/);
    expect(await db.count('reports')).toBe(0);
  });

  it('names the line of a quote that is never closed', async () => {
    const db = await freshDb();
    const text = 'EmailAddress,ExternalSyncID\na@nhs.net,X1\n"b@nhs.net,X2\nc@nhs.net,X3\n';
    const error = await importError(
      importMailboxReport(
        db,
        { orgLabel: 'A', fileName: 'Mailbox Report.csv', text },
        { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
      ),
    );
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/never closed, starting around line 3/);
    expect(await countStoredRows(db)).toBe(0);
  });

  it('reads "generated" from lines above the header and defaults the organisation to the file name', async () => {
    const db = await freshDb();
    const text = `Mailbox Report\r\nReport generated: 12/03/2025 14:05\r\n${mailboxReportCsv(generatePeople(3))}`;
    const meta = await importMailboxReport(
      db,
      { orgLabel: '  ', fileName: 'Leeds Mailbox Report.csv', text },
      { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
    );
    expect(meta.generatedAt).toBe(new Date(2025, 2, 12, 14, 5).getTime());
    expect(meta.orgLabel).toBe('Leeds Mailbox Report');
    expect(meta.rowCount).toBe(3);
  });
});
