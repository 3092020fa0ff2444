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

/**
 * Two connected ends of a runtime port, delivering asynchronously as the browser does: as structured
 * clones (Chrome 148+, Firefox), or as JSON (`json`: older Chrome, where a Blob arrives as `{}`).
 */
/** A structured clone, except that a Blob stays the same object (the test environment's Blob is not Node's). */
function cloneKeepingFiles(message: unknown): unknown {
  if (message === null || typeof message !== 'object') return structuredClone(message);
  return Object.fromEntries(Object.entries(message).map(([key, value]) => [key, value instanceof Blob ? value : structuredClone(value)]));
}

function connectedPorts(name: string, json = false): [Runtime.Port, Runtime.Port] {
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
        const copy: unknown = json ? JSON.parse(JSON.stringify(message)) : cloneKeepingFiles(message);
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

function connectTo(db: GuardDb, server: (port: Runtime.Port, deps: ReportImportPortDeps) => void = handleReportImportPort, json = false) {
  const ends: Runtime.Port[] = [];
  vi.spyOn(browser.runtime, 'connect').mockImplementation(((info?: { name?: string }) => {
    const [page, background] = connectedPorts(info?.name ?? '', json);
    ends.push(background);
    server(background, { openDb: async () => db, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    return page;
  }) as typeof browser.runtime.connect);
  return ends;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the options page hands the client: the chosen file, and its text (read for the organisation's name). */
function chosen(orgLabel: string, fileName: string, text: string) {
  return { orgLabel, fileName, file: new File([text], fileName, { type: 'text/csv' }), text };
}

describe('backgroundReportsClient.importReport over the import port', () => {
  it('forwards progress and resolves with the imported report', async () => {
    const db = await freshDb();
    connectTo(db);
    const progress: ImportProgress[] = [];
    const job = backgroundReportsClient.importReport(chosen('Trust A', 'Mailbox Report.csv', mailboxReportCsv(generatePeople(4000))), (p) =>
      progress.push(p),
    );
    expect(await job.done).toMatchObject({ orgLabel: 'Trust A', rowCount: 4000 });
    expect(progress.at(-1)).toMatchObject({ phase: 'swapping', rowsRead: 4000 });
  });

  it('sends the file, not its text, and the background reads it as every chosen file is read', async () => {
    const db = await freshDb();
    const sent: unknown[] = [];
    connectTo(db, (port, deps) => {
      port.onMessage.addListener((message) => sent.push(message));
      handleReportImportPort(port, deps);
    });
    const csv = mailboxReportCsv(generatePeople(50));
    // Bytes as the admin's spreadsheet saved them: a byte order mark, then Windows-1252 would differ from UTF-8 only beyond ASCII.
    const file = new File([new Uint8Array([0xef, 0xbb, 0xbf]), csv], 'Mailbox Report.csv');
    const job = backgroundReportsClient.importReport({ orgLabel: 'Trust A', fileName: file.name, file, text: 'never sent' }, () => undefined);
    expect(await job.done).toMatchObject({ orgLabel: 'Trust A', rowCount: 50 });
    expect(sent[0]).toMatchObject({ type: 'start', fileName: 'Mailbox Report.csv' });
    expect((sent[0] as { file?: unknown }).file).toBeInstanceOf(Blob);
    expect(JSON.stringify(sent)).not.toContain('never sent');
  });

  it('sends the text when the file arrives as {} (messaging as JSON), and the import completes', async () => {
    const db = await freshDb();
    const sent: unknown[] = [];
    connectTo(
      db,
      (port, deps) => {
        port.onMessage.addListener((message) => sent.push(message));
        handleReportImportPort(port, deps);
      },
      true,
    );
    const job = backgroundReportsClient.importReport(chosen('Trust A', 'Mailbox Report.csv', mailboxReportCsv(generatePeople(30))), () => undefined);
    expect(await job.done).toMatchObject({ orgLabel: 'Trust A', rowCount: 30 });
    expect(sent.filter((m) => (m as { type: string }).type === 'start').map((m) => Object.keys(m as object).sort())).toEqual([
      ['file', 'fileName', 'orgLabel', 'type'],
      ['fileName', 'orgLabel', 'text', 'type'],
    ]);
  });

  it('refuses a file too large to read, naming it, and keeps the previous report', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(10, 1, 'OLD'));
    connectTo(db);
    // Its size is all that is read of a file too large: no need to make 100 MB.
    const tooLarge = new File(['x'], 'Huge.csv');
    Object.defineProperty(tooLarge, 'size', { value: 10 ** 10 });
    const job = backgroundReportsClient.importReport({ orgLabel: 'Trust A', fileName: tooLarge.name, file: tooLarge, text: '' }, () => undefined);
    const error = await job.done.catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreadable', message: expect.stringContaining('“Huge.csv” is') });
    expect(await countStoredRows(db)).toBe(10);
  });

  it("rejects with the background's plain message for a wrong file", async () => {
    const db = await freshDb();
    connectTo(db);
    const job = backgroundReportsClient.importReport(chosen('A', 'updates.csv', uploadCsv(generatePeople(2))), () => undefined);
    const error = await job.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportImportFailure);
    expect(error).toMatchObject({ kind: 'wrong-file', message: expect.stringContaining('“updates.csv” looks like a CSV upload file') });
  });

  it('cancels on request, keeping the previous report', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(10, 1, 'OLD'));
    connectTo(db);
    const job = backgroundReportsClient.importReport(
      chosen('Trust A', 'Mailbox Report.csv', mailboxReportCsv(generatePeople(20_000, 2, 'NEW'))),
      () => job.cancel(),
    );
    expect(await job.done.catch((e: unknown) => e)).toMatchObject({ kind: 'cancelled' });
    expect(await countStoredRows(db)).toBe(10);
  });

  it('says the import stopped if the background goes away before answering', async () => {
    const db = await freshDb();
    connectTo(db, (port) => port.onMessage.addListener(() => port.disconnect()));
    const job = backgroundReportsClient.importReport(chosen('A', 'Mailbox Report.csv', 'EmailAddress,ExternalSyncID\na@nhs.net,X1'), () => undefined);
    expect(await job.done.catch((e: unknown) => e)).toMatchObject({
      message:
        'CSV Guard stopped before “Mailbox Report.csv” was imported. Your previously imported report, if any, is still in use. Try the import again.',
    });
  });
});
