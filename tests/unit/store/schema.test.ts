import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGuardDb, type GuardDb } from '../../../lib/store/db';
import { CHUNK_ROWS } from '../../../lib/store/generation-layout';
import { toLegacyMailboxRecord } from '../../../lib/store/legacy-mailboxes';
import { lookupMailboxes } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { emailKey, mobileKey, nameKey } from '../../../lib/portal/normalize';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { freshDbName, generatePeople, storedRows } from './helpers';

const noKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };
const mailbox = (localId: string, email: string): Mailbox => ({
  orgId: 'trust a',
  localId,
  email,
  status: 'active',
  statusText: 'Active',
  extra: {},
});
const reportFor = (orgId: string, generation: string, rowCount: number) => ({
  orgId,
  orgLabel: orgId,
  fileName: 'Mailbox Report.csv',
  importedAt: 1,
  rowCount,
  rowsWithoutLocalId: 0,
  columns: ['EmailAddress', 'ExternalSyncID'],
  generation,
});

/** Writes records straight into a version 1 or 2 database's mailboxes store. */
async function putLegacy(db: GuardDb, records: unknown[], add = false): Promise<void> {
  const tx = db.transaction('mailboxes' as never, 'readwrite');
  const store = tx.objectStore('mailboxes' as never) as unknown as IDBObjectStore;
  for (const record of records) void (add ? store.add(record) : store.put(record));
  await tx.done;
}

describe('database schema', () => {
  it('upgrades a version 1 database, keeping live reports and their mailboxes and dropping orphan rows', async () => {
    const name = freshDbName();
    const v1 = await openGuardDb(name, 1);
    const report = reportFor('trust a', 'g1', 2);
    await v1.put('reports', report);
    // Version 1 had auto-increment keys and no `row`.
    const { row: _a, ...live1 } = toLegacyMailboxRecord(mailbox('L1', 'one@nhs.net'), 'g1', 0);
    const { row: _b, ...live2 } = toLegacyMailboxRecord(mailbox('L2', 'two@nhs.net'), 'g1', 0);
    const { row: _c, ...orphan } = toLegacyMailboxRecord(mailbox('L1', 'old@nhs.net'), 'g0', 0);
    await putLegacy(v1, [orphan, live1, live2], true);
    await v1.put('submissions', {
      id: 's1',
      state: 'processing',
      fileName: 'a.csv',
      fingerprint: 'f',
      rowCount: 1,
      header: [],
      localIds: [],
      createdAt: 1,
      updatedAt: 1,
    });
    v1.close();

    const upgraded = await openGuardDb(name);
    expect(upgraded.version).toBe(DB_VERSION);
    expect(await upgraded.get('reports', 'trust a')).toEqual(report);
    expect(await upgraded.get('submissions', 's1')).toMatchObject({ state: 'processing' });
    expect((await storedRows(upgraded)).map((r) => [r.generation, r.mailbox?.email])).toEqual([
      ['g1', 'one@nhs.net'],
      ['g1', 'two@nhs.net'],
    ]);
    const found = await lookupMailboxes(upgraded, new LookupCache(), { ...noKeys, localIds: ['L1'] });
    expect(found.mailboxes.map((m) => m.email)).toEqual(['one@nhs.net']);
    upgraded.close();
  });

  it('carries a cached version 2 report over to row chunks and key tables: same answers for every kind of key, damaged rows still skipped', async () => {
    const name = freshDbName();
    const v2 = await openGuardDb(name, 2);
    // Two chunks, the last one partial.
    const people = generatePeople(CHUNK_ROWS + 300, 3);
    const mailboxes: Mailbox[] = people.map((p) => ({
      orgId: 'trust a',
      localId: p.localId,
      email: p.email,
      status: 'active',
      statusText: 'Active',
      firstName: p.firstName,
      lastName: p.lastName,
      mobile: p.mobile,
      ou: p.ou,
      extra: { 'Hidden From Address List': 'Enabled' },
    }));
    await v2.put('reports', reportFor('trust a', 'live', mailboxes.length));
    const records: unknown[] = mailboxes.map((m, i) => toLegacyMailboxRecord(m, 'live', i + 1));
    // One damaged record, and rows of an import no report points at.
    records[CHUNK_ROWS + 200] = { ...(records[CHUNK_ROWS + 200] as object), status: 42 };
    records.push(toLegacyMailboxRecord(mailbox('ORPHAN', 'orphan@nhs.net'), 'abandoned', 1));
    await putLegacy(v2, records);
    v2.close();

    const v3 = await openGuardDb(name);
    expect([...v3.objectStoreNames].sort()).toEqual(['reportChunks', 'reportKeys', 'reports', 'submissions']);
    expect(await v3.count('reportChunks')).toBe(2);
    expect((await storedRows(v3)).map((r) => r.mailbox?.localId)).toEqual(mailboxes.map((m, i) => (i === CHUNK_ROWS + 200 ? undefined : m.localId)));

    const p = CHUNK_ROWS + 100;
    const byKind = {
      localId: await lookupMailboxes(v3, new LookupCache(), { ...noKeys, localIds: [mailboxes[p]!.localId, 'ORPHAN'] }),
      email: await lookupMailboxes(v3, new LookupCache(), { ...noKeys, emails: [emailKey(mailboxes[p]!.email.toUpperCase()), 'orphan@nhs.net'] }),
      name: await lookupMailboxes(v3, new LookupCache(), { ...noKeys, nameKeys: [nameKey(mailboxes[p]!.firstName, mailboxes[p]!.lastName)] }),
      mobile: await lookupMailboxes(v3, new LookupCache(), { ...noKeys, mobiles: [mobileKey(mailboxes[p]!.mobile)] }),
    };
    for (const found of Object.values(byKind)) expect(found.mailboxes).toContainEqual(mailboxes[p]);
    expect(byKind.localId.mailboxes).toEqual([mailboxes[p]]);
    expect(byKind.email.mailboxes).toEqual([mailboxes[p]]);
    const damaged = await lookupMailboxes(v3, new LookupCache(), {
      ...noKeys,
      localIds: [mailboxes[CHUNK_ROWS + 200]!.localId, mailboxes[CHUNK_ROWS + 201]!.localId],
    });
    expect(damaged.mailboxes).toEqual([mailboxes[CHUNK_ROWS + 201]]);
    expect(damaged.skippedRecords).toBe(1);
    v3.close();
  }, 30_000);

  it('creates every store on a new install', async () => {
    const db = await openGuardDb(freshDbName());
    expect([...db.objectStoreNames].sort()).toEqual(['reportChunks', 'reportKeys', 'reports', 'submissions']);
    const tx = db.transaction(['reportChunks', 'reportKeys', 'submissions']);
    expect(tx.objectStore('reportChunks').keyPath).toEqual(['generation', 'chunk']);
    expect(tx.objectStore('reportKeys').keyPath).toBe('generation');
    expect([...tx.objectStore('submissions').indexNames].sort()).toEqual(['byState', 'byUpdatedAt']);
    db.close();
  });
});
