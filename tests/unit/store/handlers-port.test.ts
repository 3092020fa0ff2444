import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { ReportImportClientMessage, ReportImportServerMessage } from '../../../lib/messaging/reports-protocol';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { DAY_MS } from '../../../lib/store/freshness';
import { handleReportImportPort } from '../../../lib/store/import-port';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { createReportHandlers } from '../../../lib/store/report-handlers';
import { startWorker } from '../../support/background';
import { uploadCsv } from '../../support/generate';
import { countStoredRows, freshDb, generatePeople, importPeople, mailboxReportCsv } from './helpers';

/** A runtime port pair in memory: what the page would see, and the background's end. */
function portPair() {
  const received: ReportImportServerMessage[] = [];
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  let settle: (() => void) | undefined;
  const background = {
    name: 'report-import',
    postMessage(message: ReportImportServerMessage) {
      received.push(message);
      if (message.type !== 'progress') settle?.();
    },
    onMessage: { addListener: (l: (m: unknown) => void) => messageListeners.push(l) },
    onDisconnect: { addListener: (l: () => void) => disconnectListeners.push(l) },
  } as unknown as Runtime.Port;
  const ended = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    background,
    received,
    ended,
    send: (message: ReportImportClientMessage) => messageListeners.forEach((l) => l(message)),
    disconnect: () => disconnectListeners.forEach((l) => l()),
  };
}

describe('report handlers', () => {
  it('lists reports with their age and marks them stale past the setting', async () => {
    const db = await freshDb();
    const meta = await importPeople(db, generatePeople(5));
    const deps = {
      openDb: async () => db,
      loadSettings: async () => ({ ...DEFAULT_SETTINGS, staleReportDays: 3 }),
      imports: new ImportsInProgress(),
      lookupCache: new LookupCache(),
      afterDeleteAll: async () => undefined,
    };
    const handlers = createReportHandlers({ ...deps, now: () => meta.importedAt + 4 * DAY_MS + 1 });
    const { reports } = await handlers['reports-list']({}, {});
    expect(reports).toEqual([{ ...meta, ageDays: 4, stale: true, ageBasis: 'imported', importedDaysAgo: 4 }]);

    const fresh = createReportHandlers({ ...deps, now: () => meta.importedAt + 2 * DAY_MS });
    expect((await fresh['reports-list']({}, {})).reports[0]).toMatchObject({ ageDays: 2, stale: false });
  });
});

describe('"Delete cached data"', () => {
  it('removes every report and then lets the slot indicators catch up', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(5));
    const order: string[] = [];
    const handlers = createReportHandlers({
      openDb: async () => db,
      loadSettings: async () => DEFAULT_SETTINGS,
      now: () => Date.now(),
      imports: new ImportsInProgress(),
      lookupCache: new LookupCache(),
      afterDeleteAll: async () => {
        order.push(`indicators refreshed with ${await db.count('reports')} reports left`);
      },
    });
    expect(await handlers['data-delete-all']({}, {})).toMatchObject({ reports: 1, mailboxes: 5 });
    expect(order).toEqual(['indicators refreshed with 0 reports left']);
  });

  it('stops an import running over the port, so no report appears after it (the worker shares one set of imports)', async () => {
    const db = await freshDb();
    const { importPort, handlers } = startWorker({ openDb: async () => db });
    const port = portPair();
    importPort(port.background);
    port.send({ type: 'start', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(20_000)) });
    await vi.waitFor(() => expect(port.received.some((m) => m.type === 'progress' && m.phase === 'writing')).toBe(true));
    await handlers['data-delete-all']({}, {});
    await port.ended;
    expect(port.received.at(-1)).toMatchObject({ type: 'error', kind: 'cancelled' });
    expect([await db.count('reports'), await countStoredRows(db)]).toEqual([0, 0]);
  });
});

describe('handleReportImportPort', () => {
  it('imports over the port with progress, then reports the summary', async () => {
    const db = await freshDb();
    const port = portPair();
    handleReportImportPort(port.background, { openDb: async () => db, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    port.send({ type: 'start', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(3000)) });
    await port.ended;
    const last = port.received.at(-1);
    expect(last).toMatchObject({ type: 'done', meta: { rowCount: 3000, orgLabel: 'Trust A' } });
    expect(port.received.some((m) => m.type === 'progress' && m.phase === 'writing')).toBe(true);
  });

  it('answers a wrong file with a plain error and keeps what was cached', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(10));
    const port = portPair();
    handleReportImportPort(port.background, { openDb: async () => db, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    port.send({ type: 'start', orgLabel: 'Trust A', fileName: 'updates.csv', text: uploadCsv(generatePeople(2)) });
    await port.ended;
    expect(port.received.at(-1)).toMatchObject({
      type: 'error',
      kind: 'wrong-file',
      message: expect.stringContaining('“updates.csv” looks like a CSV upload file'),
    });
    expect(await countStoredRows(db)).toBe(10);
  });

  it('stops when the page cancels, keeping the previous report', async () => {
    const db = await freshDb();
    const before = await importPeople(db, generatePeople(10, 1, 'OLD'));
    const port = portPair();
    handleReportImportPort(port.background, { openDb: async () => db, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    port.send({ type: 'start', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(20_000, 2, 'NEW')) });
    port.send({ type: 'cancel' });
    await port.ended;
    expect(port.received.at(-1)).toMatchObject({ type: 'error', kind: 'cancelled' });
    expect(await db.getAll('reports')).toEqual([expect.objectContaining({ rowCount: before.rowCount, importedAt: before.importedAt })]);
    expect(await countStoredRows(db)).toBe(10);
  });
});

describe("each worker start's own lookup cache (built with the worker and passed by name)", () => {
  const portalTab = { tabId: 1, url: 'https://portal.nhs.net/Admin#/csv-upload' };
  type Worker = ReturnType<typeof startWorker>;
  async function checkIn(worker: Worker, checkId: string, text: string) {
    await worker.handlers['check-upload-part']({ checkId, index: 0, count: 1, text }, portalTab);
    return worker.handlers['check-upload']({ checkId, fileName: 'updates.csv', encoding: 'utf-8', partCount: 1 }, portalTab);
  }

  it('two workers share none: the import warms, a check fills and "Delete cached data" empties only their own', async () => {
    const db = await freshDb();
    const people = generatePeople(50);
    const first = startWorker({ openDb: async () => db });
    const second = startWorker({ openDb: async () => db });
    const port = portPair();
    first.importPort(port.background);
    port.send({ type: 'start', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(people) });
    await port.ended;
    const [report] = await db.getAll('reports');
    expect(first.lookupCache.generations()).toEqual([report!.generation]);
    expect(second.lookupCache.generations()).toEqual([]);

    // The second worker's check reads the report into its own cache, and predicts updates from it.
    expect(await checkIn(second, 'check-a', uploadCsv(people.slice(0, 3)))).toMatchObject({
      outcome: 'checked',
      report: { summary: { predictedUpdates: 3, predictedNewAccounts: 0 } },
    });
    expect(second.lookupCache.generations()).toEqual([report!.generation]);

    await first.handlers['data-delete-all']({}, {});
    expect(first.lookupCache.generations()).toEqual([]);
    // The other worker's memory is its own: its next check finds the report gone, drops it, and predicts new accounts.
    expect(second.lookupCache.generations()).toEqual([report!.generation]);
    expect(await checkIn(second, 'check-b', uploadCsv(people.slice(0, 3)))).toMatchObject({
      outcome: 'checked',
      report: { summary: { predictedUpdates: 0 } },
    });
    expect(second.lookupCache.generations()).toEqual([]);
  });
});
