import type { Mailbox } from '../../../lib/portal/mailbox';
import { openGuardDb, type GuardDb } from '../../../lib/store/db';
import { chunkRange } from '../../../lib/store/generation-layout';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { decodeRow } from '../../../lib/store/stored-rows';
import { importMailboxReport } from '../../../lib/store/import-report';
import { generatePeople, mailboxReportCsv, type Person } from '../../support/generate';

let counter = 0;

/** A database of its own for each test (fake-indexeddb keeps databases for the whole file). */
export function freshDbName(): string {
  counter += 1;
  return `csv-guard-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

export function freshDb(): Promise<GuardDb> {
  return openGuardDb(freshDbName());
}

/** Import these people as a Mailbox Report; `lookupCache` is the worker's cache the import warms (a new one when unset). */
export async function importPeople(db: GuardDb, people: readonly Person[], orgLabel = 'Trust A', lookupCache = new LookupCache()) {
  return importMailboxReport(
    db,
    { orgLabel, fileName: 'Mailbox Report.csv', text: mailboxReportCsv(people) },
    { imports: new ImportsInProgress(), lookupCache },
  );
}

export { generatePeople, mailboxReportCsv };

/** Every stored row of every generation (live or not), decoded; undefined for a damaged row. */
export async function storedRows(db: GuardDb, generation?: string): Promise<{ generation: string; mailbox: Mailbox | undefined }[]> {
  const rows: { generation: string; mailbox: Mailbox | undefined }[] = [];
  for (const chunk of await db.getAll('reportChunks', generation === undefined ? undefined : chunkRange(generation))) {
    for (const text of chunk.rows.split('\n')) rows.push({ generation: chunk.generation, mailbox: decodeRow(text, '') });
  }
  return rows;
}

/** How many mailbox rows are stored, in every generation (or one). */
export async function countStoredRows(db: GuardDb, generation?: string): Promise<number> {
  return (await storedRows(db, generation)).length;
}

/** The local IDs of every stored row. */
export async function storedLocalIds(db: GuardDb): Promise<string[]> {
  return (await storedRows(db)).map((r) => r.mailbox?.localId ?? '');
}
