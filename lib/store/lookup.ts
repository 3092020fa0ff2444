import type { LookupKeys } from '../messaging/reports-protocol';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import { localIdKey } from '../portal/normalize';
import { generationRange, type GuardDb, type StoredMailbox } from './db';
import { isStoredMailbox, isStoredReport, toMailbox } from './stored-records';

export interface LookupResult {
  mailboxes: Mailbox[];
  /** The reports the mailboxes came from (every cached report, so the checks can show each one's age). */
  reports: ReportMeta[];
  /** Matching records that were damaged in storage and left out. */
  skippedRecords: number;
}

/**
 * When the upload has this many keys per row of a report, read the whole report once instead of one
 * index read per key. bench/store.bench.ts (fake-indexeddb) found 10,000 local IDs against 100,000
 * rows cheaper key by key (0.5 s CPU against 2 s), but mixed keys whose names match many mailboxes
 * cheaper as one read (1.1 s against 3.3 s). Browser IndexedDB pays more per request, which favours the
 * scan: the browser bench should settle this figure.
 */
export const SCAN_WHEN_KEYS_PER_ROW = 0.2;

type IndexName = 'byLocalId' | 'byEmail' | 'byName' | 'byMobile';

/**
 * Every mailbox of the live reports that matches any of the keys, in one readonly transaction.
 * `emails`, `nameKeys` and `mobiles` are already normalised (emailKey, nameKey, mobileKey); local IDs
 * are normalised here with localIdKey. Empty keys match nothing.
 */
export interface LookupOptions {
  /** Force one way of reading (benchmarks compare them); by default chosen from the number of keys. */
  strategy?: 'index' | 'scan';
}

export async function lookupMailboxes(db: GuardDb, keys: LookupKeys, options: LookupOptions = {}): Promise<LookupResult> {
  const wanted: Record<IndexName, Set<string>> = {
    byLocalId: new Set(keys.localIds.map(localIdKey).filter(Boolean)),
    byEmail: new Set(keys.emails.filter(Boolean)),
    byName: new Set(keys.nameKeys.filter(Boolean)),
    byMobile: new Set(keys.mobiles.filter(Boolean)),
  };
  const keyCount = Object.values(wanted).reduce((sum, set) => sum + set.size, 0);

  const tx = db.transaction(['reports', 'mailboxes'], 'readonly');
  const reports = (await tx.objectStore('reports').getAll()).filter(isStoredReport);
  if (keyCount === 0) return { mailboxes: [], reports: reports.map(withoutGeneration), skippedRecords: 0 };

  const store = tx.objectStore('mailboxes');
  const found = new Map<string, unknown>();
  const perReport = reports.map(async (report) => {
    const scan = options.strategy ? options.strategy === 'scan' : keyCount >= report.rowCount * SCAN_WHEN_KEYS_PER_ROW;
    if (scan) {
      // Many keys: one read of the whole report, filtered here.
      for (const record of await store.getAll(generationRange(report.generation))) {
        if (matches(record, wanted)) found.set(`${report.generation}|${String((record as { row?: unknown }).row)}`, record);
      }
    } else {
      // Few keys: one index read per key, all in flight at once.
      const reads: Promise<void>[] = [];
      for (const [index, set] of Object.entries(wanted) as [IndexName, Set<string>][]) {
        for (const key of set) {
          reads.push(
            store.index(index).getAll([report.generation, key]).then((records) => {
              for (const record of records) found.set(`${report.generation}|${String((record as { row?: unknown }).row)}`, record);
            }),
          );
        }
      }
      await Promise.all(reads);
    }
  });
  await Promise.all(perReport);

  const mailboxes: Mailbox[] = [];
  let skippedRecords = 0;
  for (const record of found.values()) {
    if (isStoredMailbox(record)) mailboxes.push(toMailbox(record));
    else skippedRecords++;
  }
  return { mailboxes, reports: reports.map(withoutGeneration), skippedRecords };
}

function matches(record: unknown, wanted: Record<IndexName, Set<string>>): boolean {
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
