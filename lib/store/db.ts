import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ReportMeta } from '../portal/mailbox';
import type { Submission } from '../submissions/types';
import type { StoredChunk, StoredKeyTables } from './generation-layout';
import { migrateToChunks } from './migrate-to-chunks';

/**
 * The extension's one IndexedDB database, in the extension's own origin (background, popup, options).
 * Content scripts never open it: IndexedDB there would belong to the portal's origin.
 *
 * Versions:
 * 1. reports, mailboxes (auto-increment keys), submissions.
 * 2. mailboxes keyed by [generation, row], so one import's rows are one key range: replacing or
 *    deleting a report is a single range delete, and a failed import's partial rows go the same way.
 *    The byGeneration index goes (the key does its job): one index entry fewer for each of 100,000 rows.
 * 3. mailboxes go: each import is stored as row chunks (reportChunks, keyed by [generation, chunk]) and
 *    one record of key tables (reportKeys, keyed by generation); see generation-layout.ts. A 100,000-row
 *    report is a hundred records instead of 100,000 records with four index entries each.
 */
export const DB_NAME = 'csv-guard';
export const DB_VERSION = 3;

export interface StoredReport extends ReportMeta {
  /** Generation whose mailboxes are live for this organisation. */
  generation: string;
}

export interface GuardDbSchema extends DBSchema {
  reports: { key: string; value: StoredReport };
  reportChunks: { key: [string, number]; value: StoredChunk };
  reportKeys: { key: string; value: StoredKeyTables };
  submissions: { key: string; value: Submission; indexes: { byState: string; byUpdatedAt: number } };
}

export type GuardDb = IDBPDatabase<GuardDbSchema>;

type UpgradeTx = IDBPTransaction<GuardDbSchema, StoreNames<GuardDbSchema>[], 'versionchange'>;
// Migrations see the database as it was at their version, not as the current types describe it.
export type AnyDb = IDBPDatabase<unknown>;
export type AnyTx = IDBPTransaction<unknown, string[], 'versionchange'>;

function createLookupIndexes(store: { createIndex(name: string, keyPath: string | string[]): unknown }): void {
  store.createIndex('byLocalId', ['generation', 'localId']);
  store.createIndex('byEmail', ['generation', 'emailKey']);
  store.createIndex('byName', ['generation', 'nameKey']);
  store.createIndex('byMobile', ['generation', 'mobileKey']);
}

/** Each step takes the database from version N-1 to N, inside the one upgrade transaction. */
const MIGRATIONS: Readonly<Record<number, (db: AnyDb, tx: AnyTx) => Promise<void> | void>> = {
  1(db) {
    db.createObjectStore('reports', { keyPath: 'orgId' });
    const mailboxes = db.createObjectStore('mailboxes', { autoIncrement: true });
    mailboxes.createIndex('byGeneration', 'generation');
    createLookupIndexes(mailboxes);
    const submissions = db.createObjectStore('submissions', { keyPath: 'id' });
    submissions.createIndex('byState', 'state');
    submissions.createIndex('byUpdatedAt', 'updatedAt');
  },
  async 2(db, tx) {
    // Re-key mailboxes by [generation, row]. Rows of generations no report points at (left by an
    // interrupted version-1 import) are dropped: nothing could ever show them.
    const reports = (await tx.objectStore('reports').getAll()) as { generation?: unknown }[];
    const live = new Set(reports.map((r) => r.generation));
    const old = (await tx.objectStore('mailboxes').getAll()) as Record<string, unknown>[];
    db.deleteObjectStore('mailboxes');
    const mailboxes = db.createObjectStore('mailboxes', { keyPath: ['generation', 'row'] });
    createLookupIndexes(mailboxes);
    const nextRow = new Map<unknown, number>();
    const writes: Promise<unknown>[] = [];
    for (const record of old) {
      if (!live.has(record.generation)) continue;
      const row = (nextRow.get(record.generation) ?? 0) + 1;
      nextRow.set(record.generation, row);
      const migrated: Record<string, unknown> = { ...record, row };
      for (const key of ['emailKey', 'nameKey', 'mobileKey']) if (migrated[key] === '') delete migrated[key];
      writes.push(tx.objectStore('mailboxes').put(migrated));
    }
    await Promise.all(writes);
  },
  3: migrateToChunks,
};

/**
 * Open (creating or upgrading) the database. `version` is for tests of the upgrade path only.
 * An upgrade runs in one transaction: if any step fails the database stays at its old version, data intact.
 */
export function openGuardDb(name: string = DB_NAME, version: number = DB_VERSION): Promise<GuardDb> {
  return openDB<GuardDbSchema>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx: UpgradeTx) {
      try {
        for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) {
          await MIGRATIONS[v]?.(db as unknown as AnyDb, tx as unknown as AnyTx);
        }
      } catch (error) {
        // An async step's failure does not abort the upgrade by itself; abort so nothing half-migrated is kept.
        tx.abort();
        throw error;
      }
    },
  });
}
