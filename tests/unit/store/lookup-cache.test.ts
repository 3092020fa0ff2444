import { deleteDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { emailKey, mobileKey, nameKey } from '../../../lib/portal/normalize';
import type { LookupKeys } from '../../../lib/messaging/reports-protocol';
import { saveSettings } from '../../../lib/settings';
import { getGuardDb } from '../../../lib/store/connection';
import { DB_NAME, DB_VERSION, openGuardDb, type GuardDb } from '../../../lib/store/db';
import { DAY_MS } from '../../../lib/store/freshness';
import { lookupMailboxes, type LookupResult } from '../../../lib/store/lookup';
import { LookupCache, lookupCacheFor } from '../../../lib/store/lookup-cache';
import { deleteAllData, deleteReport } from '../../../lib/store/reports';
import { runRetention } from '../../../lib/store/retention';
import { freshDbName, generatePeople, importPeople } from './helpers';

const noKeys: LookupKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };

/** A lookup's answer in an order-free form: the same mailboxes, reports and skipped count compare equal. */
function comparable(result: LookupResult) {
  const byKey = (a: { orgId: string; email?: string }, b: { orgId: string; email?: string }) => `${a.orgId}|${a.email}`.localeCompare(`${b.orgId}|${b.email}`);
  return { mailboxes: [...result.mailboxes].sort(byKey), reports: [...result.reports].sort(byKey), skippedRecords: result.skippedRecords };
}

async function liveGenerations(db: GuardDb): Promise<string[]> {
  return (await db.getAll('reports')).map((r) => r.generation).sort();
}

describe('the lookup cache answers as IndexedDB does', () => {
  it('for every kind of key, rows without local IDs and damaged records, over two organisations', async () => {
    const db = await openGuardDb(freshDbName());
    const people = generatePeople(600, 7);
    for (const i of [3, 40, 41, 300]) people[i]!.localId = '';
    await importPeople(db, people, 'Trust A');
    await importPeople(db, generatePeople(200, 8, 'BBB'), 'Trust B');
    // Damage two stored rows, then start as a worker would that finds them on disk.
    const [report] = await db.getAll('reports');
    for (const key of [[report!.generation, 1], [report!.generation, 8]] as [string, number][]) await db.put('mailboxes', { ...(await db.get('mailboxes', key))!, status: 42 } as never);
    lookupCacheFor(db).clear();

    const picked = people.filter((_, i) => i % 7 === 0);
    const keysAsked: LookupKeys = {
      localIds: [...picked.map((p) => p.localId), 'BBB000010', 'NOPE', '', ' '],
      emails: [...picked.map((p) => emailKey(p.email)), emailKey(people[40]!.email), ''],
      nameKeys: picked.slice(0, 5).map((p) => nameKey(p.firstName, p.lastName)),
      mobiles: [...picked.slice(0, 30).map((p) => mobileKey(p.mobile)), mobileKey(people[300]!.mobile)],
    };
    const fromIndexes = await lookupMailboxes(db, keysAsked, { strategy: 'index' });
    const fromCache = await lookupMailboxes(db, keysAsked, { strategy: 'cache' });
    expect(fromIndexes.skippedRecords).toBe(2);
    expect(fromIndexes.mailboxes.some((m) => m.localId === '' && m.email === people[40]!.email)).toBe(true);
    expect(comparable(fromCache)).toEqual(comparable(fromIndexes));
    // Asked again, the answer comes from memory and is still the same.
    expect(comparable(await lookupMailboxes(db, keysAsked))).toEqual(comparable(fromIndexes));
  });
});

describe('the lookup cache never answers for a report that changed', () => {
  const oldId = { ...noKeys, localIds: ['OLD000001'] };
  const newId = { ...noKeys, localIds: ['NEW000001'] };

  it('a new import of the organisation replaces the old rows in memory too', async () => {
    const db = await openGuardDb(freshDbName());
    await importPeople(db, generatePeople(50, 1, 'OLD'));
    expect((await lookupMailboxes(db, oldId, { strategy: 'cache' })).mailboxes).toHaveLength(1);
    await importPeople(db, generatePeople(50, 2, 'NEW'));
    expect(lookupCacheFor(db).generations()).toEqual(await liveGenerations(db));
    expect((await lookupMailboxes(db, oldId, { strategy: 'cache' })).mailboxes).toEqual([]);
    expect((await lookupMailboxes(db, newId, { strategy: 'cache' })).mailboxes).toHaveLength(1);
  });

  it('a report replaced by another connection (another extension context) is not answered from memory', async () => {
    const name = freshDbName();
    const db = await openGuardDb(name);
    await importPeople(db, generatePeople(50, 1, 'OLD'));
    await lookupMailboxes(db, oldId, { strategy: 'cache' });
    const other = await openGuardDb(name);
    await importPeople(other, generatePeople(50, 2, 'NEW'));
    expect((await lookupMailboxes(db, oldId, { strategy: 'cache' })).mailboxes).toEqual([]);
    expect((await lookupMailboxes(db, newId, { strategy: 'cache' })).mailboxes).toHaveLength(1);
    expect(lookupCacheFor(db).generations()).toEqual(await liveGenerations(db));
  });

  it('deleting a report, or all cached data, empties memory of it', async () => {
    const db = await openGuardDb(freshDbName());
    await importPeople(db, generatePeople(50, 1, 'OLD'), 'Trust A');
    await importPeople(db, generatePeople(50, 2, 'NEW'), 'Trust B');
    await deleteReport(db, 'trust a');
    expect(lookupCacheFor(db).generations()).toEqual(await liveGenerations(db));
    expect((await lookupMailboxes(db, oldId, { strategy: 'cache' })).mailboxes).toEqual([]);

    await deleteAllData(db);
    expect(lookupCacheFor(db).generations()).toEqual([]);
    expect(await lookupMailboxes(db, newId, { strategy: 'cache' })).toEqual({ mailboxes: [], reports: [], skippedRecords: 0 });
  });

  it('the retention purge empties memory of the reports it deletes', async () => {
    const db = await openGuardDb(freshDbName());
    await saveSettings({ retentionDays: 10 });
    const now = Date.now();
    await importPeople(db, generatePeople(20, 1, 'OLD'), 'Old trust');
    await db.put('reports', { ...(await db.get('reports', 'old trust'))!, importedAt: now - 11 * DAY_MS });
    await lookupMailboxes(db, oldId, { strategy: 'cache' });
    expect(await runRetention(now, async () => db)).toMatchObject({ reports: 1 });
    expect(lookupCacheFor(db).generations()).toEqual([]);
    expect((await lookupMailboxes(db, oldId, { strategy: 'cache' })).mailboxes).toEqual([]);
  });

  it('a schema upgrade by a newer version closes the connection and drops its memory', async () => {
    const db = await getGuardDb();
    await importPeople(db, generatePeople(20, 1, 'OLD'));
    expect(lookupCacheFor(db).generations()).toHaveLength(1);
    const upgraded = await openGuardDb(DB_NAME, DB_VERSION + 1);
    expect(lookupCacheFor(db).generations()).toEqual([]);
    upgraded.close();
    await deleteDB(DB_NAME);
    expect(await getGuardDb()).not.toBe(db);
  });
});

describe('LookupCache memory', () => {
  it('drops every snapshot after the idle period', () => {
    vi.useFakeTimers();
    try {
      const cache = new LookupCache(60_000);
      cache.hold('g1', []);
      vi.advanceTimersByTime(59_000);
      cache.hold('g2', []);
      vi.advanceTimersByTime(59_000);
      expect(cache.generations()).toEqual(['g1', 'g2']);
      vi.advanceTimersByTime(1_000);
      expect(cache.generations()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps only generations the reports point at', async () => {
    const db = await openGuardDb(freshDbName());
    await importPeople(db, generatePeople(20));
    lookupCacheFor(db).hold('gone-generation', []);
    await lookupMailboxes(db, { ...noKeys, localIds: ['RXX000001'] });
    expect(lookupCacheFor(db).generations()).toEqual(await liveGenerations(db));
  });
});
