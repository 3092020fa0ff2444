import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { DB_NAME } from '../../lib/store/db';
import { REPORT_IMPORT_PORT } from '../../lib/messaging/reports-protocol';
import { allowNamedFunctions } from './name-shim';

/**
 * The store's side of the browser bench, all timed inside an extension page (options.html) so that
 * no DevTools round trip is counted: a Mailbox Report imported through the import port the options
 * page uses, a check of an upload of 10,000 local IDs (the lookup is most of it), and the bare IndexedDB
 * references for both.
 */

/** What the page sees of the extension API (functions below run in the page, not in Node). */
interface PagePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: { type: string; message?: string; meta?: unknown }) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
interface PageGlobals {
  chrome: {
    runtime: { connect(info: { name: string }): PagePort; sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown; error?: string }> };
  };
}

export interface ImportTiming {
  ms: number;
  rowCount: number;
}

/** Import through the port (as the options page does: the chosen file sent as it is) and time from `start` to `done`. */
export async function importReportThroughPort(options: Page, text: string, orgLabel: string): Promise<ImportTiming> {
  return options.evaluate(
    ({ text, orgLabel, portName }) =>
      new Promise<ImportTiming>((resolve, reject) => {
        // The file the admin would have chosen, made before the clock starts.
        const file = new File([text], 'Mailbox Report.csv', { type: 'text/csv' });
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
        port.postMessage({ type: 'start', orgLabel, fileName: 'Mailbox Report.csv', file });
      }),
    { text, orgLabel, portName: REPORT_IMPORT_PORT },
  );
}

export interface LookupTiming {
  ms: number;
  mailboxes: number;
}

/**
 * A check of an upload updating these people, sent as the page sends it (one slice, then 'check-upload'),
 * timed in the page. There is no lookup message of its own: a page may only ask for checks.
 * `mailboxes` is the rows the check predicted as updates, i.e. found by local ID.
 */
export async function timeLookup(options: Page, localIds: string[]): Promise<LookupTiming> {
  // Only the local ID column is filled: the rules then find little but missing names, and the lookup dominates.
  const idColumn = BUNDLED_TEMPLATE.header.indexOf('ExternalSyncID');
  const rows = localIds.map((localId) => BUNDLED_TEMPLATE.header.map((_, i) => (i === idColumn ? localId : '')));
  const uploadText = Papa.unparse({ fields: BUNDLED_TEMPLATE.header, data: rows }, { newline: '\r\n' });
  return options.evaluate(async (text) => {
    const { runtime } = (globalThis as unknown as PageGlobals).chrome;
    const checkId = `bench-${performance.now()}`;
    const started = performance.now();
    const part = await runtime.sendMessage({ channel: 'csv-guard', type: 'check-upload-part', data: { checkId, index: 0, count: 1, text } });
    if (!part?.ok) throw new Error(`check-upload-part failed: ${part?.error ?? 'no reply'}`);
    const reply = await runtime.sendMessage({
      channel: 'csv-guard',
      type: 'check-upload',
      data: { checkId, fileName: 'lookup.csv', encoding: 'utf-8', partCount: 1 },
    });
    const ms = performance.now() - started;
    const answer = reply?.data as { outcome: string; error?: string; report?: { summary: { predictedUpdates: number } } } | undefined;
    if (!reply?.ok || answer?.outcome !== 'checked') throw new Error(`check-upload failed: ${reply?.error ?? answer?.error ?? 'no reply'}`);
    return { ms, mailboxes: answer.report!.summary.predictedUpdates };
  }, uploadText);
}

export interface BareIdbTiming {
  /** The report's row chunks and key tables, exactly as the import stored them, put in one transaction of a scratch database. */
  writeMs: number;
  chunks: number;
  /** The old layout (schema version 2): one record per mailbox with four key indexes, the same rows, one transaction. */
  oldLayoutWriteMs: number;
  records: number;
  /** A cold worker's bare read of the new layout: the key tables record and every chunk, one transaction, no decoding. */
  readMs: number;
  /**
   * What each kind of key costs to read (medians of KIND_READS reads, no decoding): the key tables record
   * as stored, the same record without the name kind (which no check looks up), and each kind's table
   * and stored hash index as a record of its own.
   */
  keyReads: { wholeMs: number; withoutNameMs: number; kindMs: Record<string, number> };
}

/** Reads of each key record for the medians of keyReads. */
const KIND_READS = 5;

/**
 * The bare references, with the raw IndexedDB API that idb wraps, in a scratch database (deleted
 * afterwards): the stored chunks and key tables copied from the extension's database and written
 * back in one transaction; the same rows as one record per mailbox with the old layout's indexes;
 * and the new layout read back whole.
 */
export async function timeBareIdb(options: Page): Promise<BareIdbTiming> {
  await allowNamedFunctions(options);
  return options.evaluate(
    async ({ dbName, kindReads }) => {
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      const done = (tx: IDBTransaction) =>
        new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = tx.onabort = () => reject(tx.error))));
      type Chunk = { generation: string; chunk: number; rows: string };
      // `rows` in full, or `gaps`: the rows without a key (generation-layout.ts, StoredKeyTable).
      type Table = { text: string; ends: Int32Array; rows?: Int32Array; gaps?: Int32Array };
      type Keys = {
        generation: string;
        rowCount: number;
        localId: Table;
        email: Table;
        name: Table;
        mobile: Table;
        hashIndexes?: Record<string, unknown>;
      };

      const source = await request(indexedDB.open(dbName));
      const readTx = source.transaction(['reports', 'reportChunks', 'reportKeys'], 'readonly');
      const [report] = (await request(readTx.objectStore('reports').getAll())) as { generation: string; orgId: string }[];
      if (!report) throw new Error('No report to copy.');
      const range = IDBKeyRange.bound([report.generation, -Infinity], [report.generation, Infinity]);
      const chunks = (await request(readTx.objectStore('reportChunks').getAll(range))) as Chunk[];
      const keys = (await request(readTx.objectStore('reportKeys').get(report.generation))) as Keys;
      source.close();

      // The old layout's records: every field by name, plus the three normalised index keys.
      const fields = ['localId', 'email', 'status', 'statusText', 'mailboxType', 'displayName', 'firstName', 'lastName', 'mobile', 'jobTitle', 'ou'];
      const rowsOf = (table: Table): ArrayLike<number> => {
        if (table.rows) return table.rows;
        const gaps = new Set(table.gaps);
        const rows: number[] = [];
        for (let row = 0; row < keys.rowCount; row++) if (!gaps.has(row)) rows.push(row);
        return rows;
      };
      // Back from the tables to one key per row.
      const byRow = (table: Table) => {
        const perRow = new Array<string>(keys.rowCount).fill('');
        const rows = rowsOf(table);
        table.ends.forEach((end, i) => (perRow[rows[i]!] = table.text.slice(i === 0 ? 0 : table.ends[i - 1]!, end)));
        return perRow;
      };
      const tables = { email: byRow(keys.email), name: byRow(keys.name), mobile: byRow(keys.mobile) };
      const records: Record<string, unknown>[] = [];
      for (const chunk of chunks) {
        for (const text of chunk.rows.split('\n')) {
          const values = JSON.parse(text) as unknown[];
          const row = records.length;
          const record: Record<string, unknown> = { generation: report.generation, row: row + 1, orgId: report.orgId };
          fields.forEach((field, i) => {
            if (values[i] !== null) record[field] = values[i];
          });
          record.extra = values[fields.length] || {};
          if (tables.email[row]) record.emailKey = tables.email[row];
          if (tables.name[row]) record.nameKey = tables.name[row];
          if (tables.mobile[row]) record.mobileKey = tables.mobile[row];
          records.push(record);
        }
      }

      const scratchName = `${dbName}-bench-scratch`;
      await request(indexedDB.deleteDatabase(scratchName));
      const open = indexedDB.open(scratchName, 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('reportChunks', { keyPath: ['generation', 'chunk'] });
        open.result.createObjectStore('reportKeys', { keyPath: 'generation' });
        open.result.createObjectStore('kindKeys');
        const mailboxes = open.result.createObjectStore('mailboxes', { keyPath: ['generation', 'row'] });
        mailboxes.createIndex('byLocalId', ['generation', 'localId']);
        mailboxes.createIndex('byEmail', ['generation', 'emailKey']);
        mailboxes.createIndex('byName', ['generation', 'nameKey']);
        mailboxes.createIndex('byMobile', ['generation', 'mobileKey']);
      };
      const scratch = await request(open);
      try {
        const writeStarted = performance.now();
        const writeTx = scratch.transaction(['reportChunks', 'reportKeys'], 'readwrite');
        for (const chunk of chunks) writeTx.objectStore('reportChunks').put(chunk);
        writeTx.objectStore('reportKeys').put(keys);
        await done(writeTx);
        const writeMs = performance.now() - writeStarted;

        const readStarted = performance.now();
        const coldTx = scratch.transaction(['reportChunks', 'reportKeys'], 'readonly');
        await Promise.all([
          request(coldTx.objectStore('reportKeys').get(report.generation)),
          request(coldTx.objectStore('reportChunks').getAll(range)),
        ]);
        await done(coldTx);
        const readMs = performance.now() - readStarted;

        // Each kind on its own, and the record without the name kind, written beside it.
        const kinds = ['localId', 'email', 'name', 'mobile'] as const;
        const kindTx = scratch.transaction(['reportKeys', 'kindKeys'], 'readwrite');
        const { name: _name, ...withoutName } = keys;
        const { name: _nameIndex, ...otherIndexes } = keys.hashIndexes ?? {};
        kindTx.objectStore('reportKeys').put({ ...withoutName, generation: `${keys.generation}-without-name`, hashIndexes: otherIndexes });
        for (const kind of kinds) kindTx.objectStore('kindKeys').put({ table: keys[kind], hashIndex: keys.hashIndexes?.[kind] }, kind);
        await done(kindTx);
        const medianRead = async (store: string, key: string) => {
          const times: number[] = [];
          for (let i = 0; i < kindReads; i++) {
            const started = performance.now();
            await request(scratch.transaction(store, 'readonly').objectStore(store).get(key));
            times.push(performance.now() - started);
          }
          return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
        };
        const keyReads = {
          wholeMs: await medianRead('reportKeys', keys.generation),
          withoutNameMs: await medianRead('reportKeys', `${keys.generation}-without-name`),
          kindMs: {} as Record<string, number>,
        };
        for (const kind of kinds) keyReads.kindMs[kind] = await medianRead('kindKeys', kind);

        const oldStarted = performance.now();
        const oldTx = scratch.transaction('mailboxes', 'readwrite');
        for (const record of records) oldTx.objectStore('mailboxes').put(record);
        await done(oldTx);
        const oldLayoutWriteMs = performance.now() - oldStarted;
        return { writeMs, chunks: chunks.length, oldLayoutWriteMs, records: records.length, readMs, keyReads };
      } finally {
        scratch.close();
        await request(indexedDB.deleteDatabase(scratchName));
      }
    },
    { dbName: DB_NAME, kindReads: KIND_READS },
  );
}
