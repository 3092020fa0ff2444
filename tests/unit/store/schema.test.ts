import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGuardDb } from '../../../lib/store/db';
import { lookupMailboxes } from '../../../lib/store/lookup';
import { toStoredMailbox } from '../../../lib/store/stored-records';
import { freshDbName } from './helpers';

const mailbox = (localId: string, email: string) => ({ orgId: 'trust a', localId, email, status: 'active' as const, statusText: 'Active', extra: {} });

describe('database schema', () => {
  it('upgrades a version 1 database, keeping live reports and their mailboxes and dropping orphan rows', async () => {
    const name = freshDbName();
    const v1 = await openGuardDb(name, 1);
    const report = { orgId: 'trust a', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', importedAt: 1, rowCount: 2, rowsWithoutLocalId: 0, columns: ['EmailAddress', 'ExternalSyncID'], generation: 'g1' };
    const tx = v1.transaction(['reports', 'mailboxes', 'submissions'], 'readwrite');
    void tx.objectStore('reports').put(report);
    // Version 1 had auto-increment keys and no `row`.
    const { row: _a, ...live1 } = toStoredMailbox(mailbox('L1', 'one@nhs.net'), 'g1', 0);
    const { row: _b, ...live2 } = toStoredMailbox(mailbox('L2', 'two@nhs.net'), 'g1', 0);
    const { row: _c, ...orphan } = toStoredMailbox(mailbox('L1', 'old@nhs.net'), 'g0', 0);
    for (const record of [orphan, live1, live2]) void (tx.objectStore('mailboxes') as unknown as IDBObjectStore).add(record);
    void tx.objectStore('submissions').put({ id: 's1', state: 'processing', fileName: 'a.csv', fingerprint: 'f', rowCount: 1, header: [], localIds: [], createdAt: 1, updatedAt: 1 });
    await tx.done;
    v1.close();

    const v2 = await openGuardDb(name);
    expect(v2.version).toBe(DB_VERSION);
    expect(await v2.get('reports', 'trust a')).toEqual(report);
    expect(await v2.get('submissions', 's1')).toMatchObject({ state: 'processing' });
    const rows = await v2.getAll('mailboxes');
    expect(rows.map((r) => [r.generation, r.row, r.email])).toEqual([['g1', 1, 'one@nhs.net'], ['g1', 2, 'two@nhs.net']]);
    const found = await lookupMailboxes(v2, { localIds: ['L1'], emails: [], nameKeys: [], mobiles: [] });
    expect(found.mailboxes.map((m) => m.email)).toEqual(['one@nhs.net']);
    v2.close();
  });

  it('creates every store and index on a new install', async () => {
    const db = await openGuardDb(freshDbName());
    expect([...db.objectStoreNames].sort()).toEqual(['mailboxes', 'reports', 'submissions']);
    const tx = db.transaction(['mailboxes', 'submissions']);
    expect([...tx.objectStore('mailboxes').indexNames].sort()).toEqual(['byEmail', 'byLocalId', 'byMobile', 'byName']);
    expect(tx.objectStore('mailboxes').keyPath).toEqual(['generation', 'row']);
    expect([...tx.objectStore('submissions').indexNames].sort()).toEqual(['byState', 'byUpdatedAt']);
    db.close();
  });
});
