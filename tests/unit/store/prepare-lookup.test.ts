import { describe, expect, it } from 'vitest';
import type { LookupKeys } from '../../../lib/messaging/reports-protocol';
import { emailKey, mobileKey } from '../../../lib/portal/normalize';
import { chunkRange } from '../../../lib/store/generation-layout';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { lookupMailboxes, prepareLookup, type LookupResult } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { deleteAllData } from '../../../lib/store/reports';
import { freshDb, generatePeople, importPeople } from './helpers';

const KINDS = ['localId', 'email', 'mobile'] as const;
/** Bytes of an upload large enough to read every chunk ahead (as many rows as the report has chunks, and more). */
const LARGE_UPLOAD = 10 * 1024 * 1024;

function sorted(result: LookupResult) {
  return { ...result, mailboxes: [...result.mailboxes].sort((a, b) => `${a.orgId}|${a.localId}`.localeCompare(`${b.orgId}|${b.localId}`)) };
}

/** A stored report and the keys of an upload of some of its people, with a damaged row among them. */
async function reportWithDamagedRow() {
  const db = await freshDb();
  const people = generatePeople(2500, 3);
  await importPeople(db, people, 'Trust A');
  await importPeople(db, generatePeople(300, 4, 'BBB'), 'Trust B');
  const [report] = (await db.getAll('reports')).filter((r) => r.orgId === 'trust a');
  const chunk = (await db.get('reportChunks', [report!.generation, 1]))!;
  const rows = chunk.rows.split('\n');
  rows[3] = '{not json';
  await db.put('reportChunks', { ...chunk, rows: rows.join('\n') });
  const picked = people.filter((_, i) => i % 5 === 0 || i === 1003);
  const keys: LookupKeys = {
    localIds: [...picked.map((p) => p.localId), 'BBB000007', 'NOPE'],
    emails: picked.slice(0, 40).map((p) => emailKey(p.email)),
    nameKeys: [],
    mobiles: picked.slice(40, 80).map((p) => mobileKey(p.mobile)),
  };
  return { db, keys };
}

describe('prepareLookup (a stopped worker reads ahead while the file is read and parsed)', () => {
  it('leaves the answer exactly as a cold lookup gives it, damaged rows skipped and counted, for a small upload and a large one', async () => {
    const { db, keys } = await reportWithDamagedRow();
    const cold = sorted(await lookupMailboxes(db, new LookupCache(), keys));
    expect(cold.skippedRecords).toBe(1);
    expect(cold.mailboxes.length).toBeGreaterThan(500);
    for (const fileBytes of [2_000, LARGE_UPLOAD]) {
      const cache = new LookupCache();
      await prepareLookup(db, cache, KINDS, fileBytes);
      expect(sorted(await lookupMailboxes(db, cache, keys)), `${fileBytes} bytes`).toEqual(cold);
    }
  });

  it('for a large upload, has every chunk in memory before the lookup asks (the lookup reads none)', async () => {
    const { db, keys } = await reportWithDamagedRow();
    const expected = sorted(await lookupMailboxes(db, new LookupCache(), keys));
    const cache = new LookupCache();
    await prepareLookup(db, cache, KINDS, LARGE_UPLOAD);
    // Chunks gone from storage now can only be answered from what was read ahead.
    for (const report of await db.getAll('reports')) await db.delete('reportChunks', chunkRange(report.generation));
    expect(sorted(await lookupMailboxes(db, cache, keys))).toEqual(expected);
  });

  it('a lookup that starts while the chunks are still being read ahead waits for them and answers the same', async () => {
    const { db, keys } = await reportWithDamagedRow();
    const expected = sorted(await lookupMailboxes(db, new LookupCache(), keys));
    const cache = new LookupCache();
    const prepared = prepareLookup(db, cache, KINDS, LARGE_UPLOAD);
    expect(sorted(await lookupMailboxes(db, cache, keys))).toEqual(expected);
    await prepared;
  });

  it('keeps nothing once "Delete cached data" ran, and never fails the check it prepares', async () => {
    const { db, keys } = await reportWithDamagedRow();
    const cache = new LookupCache();
    await prepareLookup(db, cache, KINDS, LARGE_UPLOAD);
    expect(cache.generations()).toHaveLength(2);
    await deleteAllData(db, { imports: new ImportsInProgress(), lookupCache: cache });
    expect(cache.generations()).toEqual([]);
    // Nothing cached: nothing to prepare, and no error.
    await expect(prepareLookup(db, cache, KINDS, LARGE_UPLOAD)).resolves.toBeUndefined();
    expect(await lookupMailboxes(db, cache, keys)).toEqual({
      mailboxes: [],
      matches: { localIds: keys.localIds.map(() => []), emails: keys.emails.map(() => []), mobiles: keys.mobiles.map(() => []) },
      reports: [],
      skippedRecords: 0,
    });
    db.close();
    await expect(prepareLookup(db, cache, KINDS, LARGE_UPLOAD)).resolves.toBeUndefined();
  });
});
