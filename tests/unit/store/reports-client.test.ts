import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { Runtime } from 'webextension-polyfill';
import type { GuardDb } from '../../../lib/store/db';
import { handleReportImportPort, type ReportImportPortDeps } from '../../../lib/store/import-port';
import { backgroundReportsClient, ReportImportFailure, type ImportProgress } from '../../../lib/messaging/reports-client';
import { uploadCsv } from '../../support/generate';
import { countStoredRows, freshDb, generatePeople, importPeople, mailboxReportCsv } from './helpers';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { LookupCache } from '../../../lib/store/lookup-cache';

type Listener<T extends unknown[]> = (...args: T) => void;

/** Two connected ends of a runtime port, delivering asynchronously as the browser does. */
function connectedPorts(name: string): [Runtime.Port, Runtime.Port] {
  const make = () => {
    const messageListeners: Listener<[unknown]>[] = [];
    const disconnectListeners: Listener<[]>[] = [];
    return { messageListeners, disconnectListeners, open: true };
  };
  const a = make();
  const b = make();
  const end = (self: typeof a, other: typeof a): Runtime.Port =>
    ({
      name,
      postMessage(message: unknown) {
        if (!self.open) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        setTimeout(() => other.open && other.messageListeners.forEach((l) => l(copy)), 0);
      },
      disconnect() {
        if (!self.open) return;
        self.open = false;
        other.open = false;
        setTimeout(() => other.disconnectListeners.forEach((l) => l()), 0);
      },
      onMessage: { addListener: (l: Listener<[unknown]>) => self.messageListeners.push(l) },
      onDisconnect: { addListener: (l: Listener<[]>) => self.disconnectListeners.push(l) },
    }) as unknown as Runtime.Port;
  return [end(a, b), end(b, a)];
}

function connectTo(db: GuardDb, server: (port: Runtime.Port, deps: ReportImportPortDeps) => void = handleReportImportPort) {
  const ends: Runtime.Port[] = [];
  vi.spyOn(browser.runtime, 'connect').mockImplementation(((info?: { name?: string }) => {
    const [page, background] = connectedPorts(info?.name ?? '');
    ends.push(background);
    server(background, { openDb: async () => db, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    return page;
  }) as typeof browser.runtime.connect);
  return ends;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backgroundReportsClient.importReport over the import port', () => {
  it('forwards progress and resolves with the imported report', async () => {
    const db = await freshDb();
    connectTo(db);
    const progress: ImportProgress[] = [];
    const job = backgroundReportsClient.importReport(
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(4000)) },
      (p) => progress.push(p),
    );
    expect(await job.done).toMatchObject({ orgLabel: 'Trust A', rowCount: 4000 });
    expect(progress.at(-1)).toMatchObject({ phase: 'swapping', rowsRead: 4000 });
  });

  it("rejects with the background's plain message for a wrong file", async () => {
    const db = await freshDb();
    connectTo(db);
    const job = backgroundReportsClient.importReport({ orgLabel: 'A', fileName: 'updates.csv', text: uploadCsv(generatePeople(2)) }, () => undefined);
    const error = await job.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportImportFailure);
    expect(error).toMatchObject({ kind: 'wrong-file', message: expect.stringContaining('“updates.csv” looks like a CSV upload file') });
  });

  it('cancels on request, keeping the previous report', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(10, 1, 'OLD'));
    connectTo(db);
    const job = backgroundReportsClient.importReport(
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(20_000, 2, 'NEW')) },
      () => job.cancel(),
    );
    expect(await job.done.catch((e: unknown) => e)).toMatchObject({ kind: 'cancelled' });
    expect(await countStoredRows(db)).toBe(10);
  });

  it('says the import stopped if the background goes away before answering', async () => {
    const db = await freshDb();
    connectTo(db, (port) => port.onMessage.addListener(() => port.disconnect()));
    const job = backgroundReportsClient.importReport(
      { orgLabel: 'A', fileName: 'Mailbox Report.csv', text: 'EmailAddress,ExternalSyncID\na@nhs.net,X1' },
      () => undefined,
    );
    expect(await job.done.catch((e: unknown) => e)).toMatchObject({
      message:
        'CSV Guard stopped before “Mailbox Report.csv” was imported. Your previously imported report, if any, is still in use. Try the import again.',
    });
  });
});
