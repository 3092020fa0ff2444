import type { Page } from 'playwright-core';
import { DB_NAME } from '../../lib/store/db';
import { REPORT_IMPORT_PORT } from '../../lib/messaging/reports-protocol';
import { allowNamedFunctions } from './name-shim';

/**
 * The store's side of the browser bench, all timed inside an extension page (options.html) so that
 * no DevTools round trip is counted: a Mailbox Report imported through the import port the options
 * page uses, a 'lookup-mailboxes' message, and the bare IndexedDB references for both.
 */

/** What the page sees of the extension API (functions below run in the page, not in Node). */
interface PagePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: { type: string; message?: string; meta?: unknown }) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
interface PageGlobals {
  chrome: { runtime: { connect(info: { name: string }): PagePort; sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown; error?: string }> } };
}

export interface ImportTiming {
  ms: number;
  rowCount: number;
}

/** Import through the port (as the options page does) and time from `start` to `done`. */
export async function importReportThroughPort(options: Page, text: string, orgLabel: string): Promise<ImportTiming> {
  return options.evaluate(
    ({ text, orgLabel, portName }) =>
      new Promise<ImportTiming>((resolve, reject) => {
        const port = (globalThis as unknown as PageGlobals).chrome.runtime.connect({ name: portName });
        const started = performance.now();
        port.onMessage.addListener((message) => {
          if (message.type === 'progress') return;
          const ms = performance.now() - started;
          port.disconnect();
          if (message.type === 'done') resolve({ ms, rowCount: (message.meta as { rowCount: number }).rowCount });
          else reject(new Error(`Import failed: ${message.message ?? message.type}`));
        });
        port.onDisconnect.addListener(() => reject(new Error('The background closed the import port.')));
        port.postMessage({ type: 'start', orgLabel, fileName: 'Mailbox Report.csv', text });
      }),
    { text, orgLabel, portName: REPORT_IMPORT_PORT },
  );
}

export interface LookupTiming {
  ms: number;
  mailboxes: number;
}

/** One 'lookup-mailboxes' message for these local IDs, timed in the page. */
export async function timeLookup(options: Page, localIds: string[]): Promise<LookupTiming> {
  return options.evaluate(async (localIds) => {
    const started = performance.now();
    const reply = await (globalThis as unknown as PageGlobals).chrome.runtime.sendMessage({
      channel: 'csv-guard',
      type: 'lookup-mailboxes',
      data: { localIds, emails: [], nameKeys: [], mobiles: [] },
    });
    const ms = performance.now() - started;
    if (!reply?.ok) throw new Error(`lookup-mailboxes failed: ${reply?.error ?? 'no reply'}`);
    return { ms, mailboxes: (reply.data as { mailboxes: unknown[] }).mailboxes.length };
  }, localIds);
}

export interface BareIdbTiming {
  /** All the stored mailbox records put in one readwrite transaction of a scratch database with the same indexes. */
  writeMs: number;
  records: number;
  /** The same local IDs read back by index in one readonly transaction (one get per key, all in flight). */
  readMs: number;
  readRecords: number;
}

/**
 * The bare reference, with the raw IndexedDB API that idb wraps: copy the schema of the extension's
 * mailboxes store (key path and every index) into a scratch database, write exactly the records the
 * import stored, then read the lookup's keys back. The scratch database is deleted afterwards.
 */
export async function timeBareIdb(options: Page, localIds: string[]): Promise<BareIdbTiming> {
  await allowNamedFunctions(options);
  return options.evaluate(
    async ({ dbName, localIds }) => {
      const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = tx.onabort = () => reject(tx.error))));

      const source = await request(indexedDB.open(dbName));
      const readTx = source.transaction('mailboxes', 'readonly');
      const store = readTx.objectStore('mailboxes');
      const records = (await request(store.getAll())) as { generation: string }[];
      const indexes = [...store.indexNames].map((name) => {
        const index = store.index(name);
        return { name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      });
      const keyPath = store.keyPath;
      source.close();

      const scratchName = `${dbName}-bench-scratch`;
      await request(indexedDB.deleteDatabase(scratchName));
      const open = indexedDB.open(scratchName, 1);
      open.onupgradeneeded = () => {
        const created = open.result.createObjectStore('mailboxes', { keyPath });
        for (const i of indexes) created.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      };
      const scratch = await request(open);
      try {
        const writeStarted = performance.now();
        const writeTx = scratch.transaction('mailboxes', 'readwrite');
        const target = writeTx.objectStore('mailboxes');
        for (const record of records) target.put(record);
        await done(writeTx);
        const writeMs = performance.now() - writeStarted;

        const generation = records[0]?.generation ?? '';
        const readStarted = performance.now();
        const lookupTx = scratch.transaction('mailboxes', 'readonly');
        const byLocalId = lookupTx.objectStore('mailboxes').index('byLocalId');
        const found = await Promise.all(localIds.map((id) => request(byLocalId.getAll([generation, id]))));
        await done(lookupTx);
        const readMs = performance.now() - readStarted;
        return { writeMs, records: records.length, readMs, readRecords: found.reduce((n, list) => n + list.length, 0) };
      } finally {
        scratch.close();
        await request(indexedDB.deleteDatabase(scratchName));
      }
    },
    { dbName: DB_NAME, localIds },
  );
}
