import type { IDBPObjectStore } from 'idb';
import type { LookupKeys } from '../messaging/reports-protocol';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import { localIdKey } from '../portal/normalize';
import { generationRange, type GuardDb, type GuardDbSchema, type StoredMailbox, type StoredReport } from './db';
import { lookupCacheFor, type KeyIndexName, type LookupCache } from './lookup-cache';
import { isStoredMailbox, isStoredReport, toMailbox } from './stored-records';

export interface LookupResult {
  mailboxes: Mailbox[];
  /** The reports the mailboxes came from (every cached report, so the checks can show each one's age). */
  reports: ReportMeta[];
  /** Matching records that were damaged in storage and left out. */
  skippedRecords: number;
}

/**
 * When a report is not in memory yet (a worker just started), read it whole into the lookup cache only
 * if the upload has at least this many keys per report row; below it, one index read per key and no
 * cache. Measured in Chromium on a cold worker against 100,000 rows (2 shared cores): the whole read
 * plus the Maps took 1.0-1.7 s; key reads about 0.065-0.08 ms per key that finds a row (10,000 local
 * IDs 0.65 s, 20,000 keys 1.5-1.7 s, 29,000 keys 2.0-2.3 s). They cross near 20%: below it the first
 * check is faster key by key; above it the whole read is faster and leaves later checks at ~0.1 s.
 * A report already in memory (warmed by its import, or read by an earlier check) always answers from memory.
 */
export const CACHE_WHEN_KEYS_PER_ROW = 0.2;

/**
 * Rows per getAll when reading a generation into the cache (undefined: one getAll for the whole range).
 * Chromium read 100,000 rows in 0.9-1.3 s whole, in 10,000-row batches or in 25,000-row batches alike
 * (within the noise of a shared machine), so one getAll: the simplest, and one request.
 */
export const CACHE_READ_BATCH: number | undefined = undefined;

/** How lookupMailboxes reads a report: from the memory cache, one index read per key, or one whole read filtered. */
export type LookupStrategy = 'cache' | 'index' | 'scan';

export interface LookupOptions {
  /** Force one way of reading (tests and benchmarks compare them); by default chosen per report. */
  strategy?: LookupStrategy;
}

type MailboxStore = IDBPObjectStore<GuardDbSchema, ('reports' | 'mailboxes')[], 'mailboxes', 'readonly'>;

/**
 * Every mailbox of the live reports that matches any of the keys, in one readonly transaction.
 * `emails`, `nameKeys` and `mobiles` are already normalised (emailKey, nameKey, mobileKey); local IDs
 * are normalised here with localIdKey. Empty keys match nothing. Every way of reading gives the same
 * mailboxes and skipped count; only their order may differ.
 */
export async function lookupMailboxes(db: GuardDb, keys: LookupKeys, options: LookupOptions = {}): Promise<LookupResult> {
  const wanted: Record<KeyIndexName, Set<string>> = {
    byLocalId: new Set(keys.localIds.map(localIdKey).filter(Boolean)),
    byEmail: new Set(keys.emails.filter(Boolean)),
    byName: new Set(keys.nameKeys.filter(Boolean)),
    byMobile: new Set(keys.mobiles.filter(Boolean)),
  };
  const keyCount = Object.values(wanted).reduce((sum, set) => sum + set.size, 0);

  const tx = db.transaction(['reports', 'mailboxes'], 'readonly');
  const reports = (await tx.objectStore('reports').getAll()).filter(isStoredReport);
  // The reports just read are the truth: memory for any other generation is stale.
  const cache = lookupCacheFor(db);
  cache.keepOnly(new Set(reports.map((r) => r.generation)));
  if (keyCount === 0) return { mailboxes: [], reports: reports.map(withoutGeneration), skippedRecords: 0 };

  const store = tx.objectStore('mailboxes');
  // Every use of `tx` below is issued before the first await of its report, while the transaction is active.
  const perReport = reports.map((report) => {
    switch (options.strategy ?? chooseStrategy(report, keyCount, cache)) {
      case 'cache':
        return cache.snapshot(report.generation, () => readGeneration(store, report.generation)).then((snapshot) => snapshot.match(wanted));
      case 'scan':
        return store.getAll(generationRange(report.generation)).then((records) => records.filter((record) => matches(record, wanted)));
      case 'index':
        return readByIndex(store, report.generation, wanted);
    }
  });

  const mailboxes: Mailbox[] = [];
  let skippedRecords = 0;
  for (const records of await Promise.all(perReport)) {
    for (const record of records) {
      if (isStoredMailbox(record)) mailboxes.push(toMailbox(record));
      else skippedRecords++;
    }
  }
  return { mailboxes, reports: reports.map(withoutGeneration), skippedRecords };
}

function chooseStrategy(report: StoredReport, keyCount: number, cache: LookupCache): LookupStrategy {
  if (cache.has(report.generation)) return 'cache';
  return keyCount >= report.rowCount * CACHE_WHEN_KEYS_PER_ROW ? 'cache' : 'index';
}

/** One index read per key, all in flight at once; a record found by two keys is kept once. */
async function readByIndex(store: MailboxStore, generation: string, wanted: Record<KeyIndexName, Set<string>>): Promise<unknown[]> {
  const found = new Map<string, unknown>();
  const reads: Promise<void>[] = [];
  for (const [index, set] of Object.entries(wanted) as [KeyIndexName, Set<string>][]) {
    for (const key of set) {
      reads.push(
        store.index(index).getAll([generation, key]).then((records) => {
          for (const record of records) found.set(String((record as { row?: unknown }).row), record);
        }),
      );
    }
  }
  await Promise.all(reads);
  return [...found.values()];
}

/** Every record of one generation, for the cache: one getAll, or batches of CACHE_READ_BATCH rows. */
async function readGeneration(store: MailboxStore, generation: string, batch: number | undefined = CACHE_READ_BATCH): Promise<unknown[]> {
  if (batch === undefined) return store.getAll(generationRange(generation));
  const records: unknown[] = [];
  let after = -Infinity;
  for (;;) {
    const range = IDBKeyRange.bound([generation, after], [generation, Infinity], true);
    const part = await store.getAll(range, batch);
    for (const record of part) records.push(record);
    if (part.length < batch) return records;
    after = (part.at(-1) as { row: number }).row;
  }
}

function matches(record: unknown, wanted: Record<KeyIndexName, Set<string>>): boolean {
  const r = record as Partial<StoredMailbox> | null;
  if (!r || typeof r !== 'object') return false;
  return (
    (typeof r.localId === 'string' && wanted.byLocalId.has(r.localId)) ||
    (typeof r.emailKey === 'string' && wanted.byEmail.has(r.emailKey)) ||
    (typeof r.nameKey === 'string' && wanted.byName.has(r.nameKey)) ||
    (typeof r.mobileKey === 'string' && wanted.byMobile.has(r.mobileKey))
  );
}

function withoutGeneration<T extends { generation: string }>(report: T): Omit<T, 'generation'> {
  const { generation: _generation, ...meta } = report;
  return meta;
}
