import { deleteDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { readCsv } from '../../../lib/csv/read';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { displayNameKey, emailKey, localIdKey, mobileKey, nameKey } from '../../../lib/portal/normalize';
import type { LookupKeys } from '../../../lib/messaging/reports-protocol';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { createDbConnection } from '../../../lib/store/connection';
import { DB_NAME, DB_VERSION, openGuardDb, type GuardDb } from '../../../lib/store/db';
import { DAY_MS } from '../../../lib/store/freshness';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { lookupMailboxes, type LookupResult } from '../../../lib/store/lookup';
import { GenerationSnapshot, LookupCache } from '../../../lib/store/lookup-cache';
import { deleteAllData, deleteReport } from '../../../lib/store/reports';
import { runRetention } from '../../../lib/store/retention';
import { freshDbName, generatePeople, importPeople, mailboxReportCsv } from './helpers';
import type { Person } from '../../support/generate';

const noKeys: LookupKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };

/** A lookup's answer in an order-free form: the same mailboxes, reports and skipped count compare equal. */
function comparable(result: LookupResult) {
  const byKey = (a: { orgId: string; email?: string; localId?: string }, b: { orgId: string; email?: string; localId?: string }) =>
    `${a.orgId}|${a.email}|${a.localId}`.localeCompare(`${b.orgId}|${b.email}|${b.localId}`);
  return { mailboxes: [...result.mailboxes].sort(byKey), reports: [...result.reports].sort(byKey), skippedRecords: result.skippedRecords };
}

async function liveGenerations(db: GuardDb): Promise<string[]> {
  return (await db.getAll('reports')).map((r) => r.generation).sort();
}

/**
 * What the lookups answered before the row-chunk layout (one record per mailbox, an IndexedDB index
 * per kind of key): every mailbox whose stored local ID, or email / name / mobile key, equals an asked key.
 */
function answerBefore(mailboxes: readonly Mailbox[], keys: LookupKeys): Mailbox[] {
  const localIds = new Set(keys.localIds.map(localIdKey).filter(Boolean));
  const emails = new Set(keys.emails.filter(Boolean));
  const names = new Set(keys.nameKeys.filter(Boolean));
  const mobiles = new Set(keys.mobiles.filter(Boolean));
  return mailboxes.filter(
    (m) =>
      localIds.has(m.localId) ||
      emails.has(emailKey(m.email)) ||
      names.has(nameKey(m.firstName, m.lastName) || displayNameKey(m.displayName)) ||
      mobiles.has(mobileKey(m.mobile)),
  );
}

function reportMailboxes(people: Person[], orgId: string): Mailbox[] {
  const read = readCsv({ text: mailboxReportCsv(people), encoding: 'utf-8' }, 'Mailbox Report.csv');
  if (!read.ok) throw new Error(read.error.message);
  const parsed = parseMailboxReport(read.table, orgId);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mailboxes;
}

describe('the lookup index answers as the one-record-per-mailbox store did', () => {
  it('for every kind of key, shared keys, rows without local IDs, display-name-only rows, over two organisations, warm and cold', async () => {
    const db = await openGuardDb(freshDbName());
    const cache = new LookupCache();
    const people = generatePeople(2600, 7);
    for (const i of [3, 40, 41, 300]) people[i]!.localId = '';
    // Shared keys: the same email, mobile and name on several rows.
    people[500]!.email = people[501]!.email;
    people[502]!.mobile = people[503]!.mobile = people[504]!.mobile;
    Object.assign(people[505]!, { firstName: people[506]!.firstName, lastName: people[506]!.lastName });
    // Only a display name.
    Object.assign(people[507]!, { firstName: '', lastName: '', displayName: 'Dr Jo Display-Only' });
    const others = generatePeople(200, 8, 'BBB');
    await importPeople(db, people, 'Trust A', cache);
    await importPeople(db, others, 'Trust B', cache);
    const all = [...reportMailboxes(people, 'trust a'), ...reportMailboxes(others, 'trust b')];

    const picked = people.filter((_, i) => i % 7 === 0);
    const keysAsked: LookupKeys = {
      localIds: [...picked.map((p) => p.localId), 'BBB000010', 'NOPE', '', ' ', ` ${people[9]!.localId}\u200B`],
      emails: [...picked.map((p) => emailKey(p.email)), emailKey(people[40]!.email), emailKey(people[501]!.email), ''],
      nameKeys: [
        ...picked.slice(0, 5).map((p) => nameKey(p.firstName, p.lastName)),
        nameKey(people[506]!.firstName, people[506]!.lastName),
        displayNameKey('Dr Jo Display-Only'),
      ],
      mobiles: [...picked.slice(0, 30).map((p) => mobileKey(p.mobile)), mobileKey(people[300]!.mobile), mobileKey(people[503]!.mobile)],
    };
    const expected = answerBefore(all, keysAsked);
    expect(expected.length).toBeGreaterThan(picked.length);
    const warm = await lookupMailboxes(db, cache, keysAsked);
    expect(comparable(warm)).toEqual(comparable({ ...warm, mailboxes: expected, skippedRecords: 0 }));
    cache.clear();
    expect(comparable(await lookupMailboxes(db, cache, keysAsked))).toEqual(comparable(warm));
    // Asked again, the answer comes from memory and is still the same.
    expect(comparable(await lookupMailboxes(db, cache, keysAsked))).toEqual(comparable(warm));
  });

  it('skips and counts damaged rows the keys find, cold as warm', async () => {
    const db = await openGuardDb(freshDbName());
    const cache = new LookupCache();
    const people = generatePeople(600, 7);
    await importPeople(db, people, 'Trust A', cache);
    // Damage two stored rows, then start as a worker would that finds them on disk.
    const [report] = await db.getAll('reports');
    const chunk = (await db.get('reportChunks', [report!.generation, 0]))!;
    const rows = chunk.rows.split('\n');
    rows[1] = '{not json';
    rows[8] = '["too few"]';
    await db.put('reportChunks', { ...chunk, rows: rows.join('\n') });
    cache.clear();

    const keysAsked: LookupKeys = { ...noKeys, localIds: people.slice(0, 20).map((p) => p.localId), emails: [emailKey(people[8]!.email)] };
    const cold = await lookupMailboxes(db, cache, keysAsked);
    expect(cold.skippedRecords).toBe(2);
    expect(cold.mailboxes.map((m) => m.localId).sort()).toEqual(
      people
        .slice(0, 20)
        .map((p) => p.localId)
        .filter((_, i) => i !== 1 && i !== 8)
        .sort(),
    );
    expect(comparable(await lookupMailboxes(db, cache, keysAsked))).toEqual(comparable(cold));
  });
});

describe('the lookup cache never answers for a report that changed', () => {
  const oldId = { ...noKeys, localIds: ['OLD000001'] };
  const newId = { ...noKeys, localIds: ['NEW000001'] };

  it('a new import of the organisation replaces the old rows in memory too', async () => {
    const db = await openGuardDb(freshDbName());
    const cache = new LookupCache();
    await importPeople(db, generatePeople(50, 1, 'OLD'), undefined, cache);
    expect((await lookupMailboxes(db, cache, oldId)).mailboxes).toHaveLength(1);
    await importPeople(db, generatePeople(50, 2, 'NEW'), undefined, cache);
    expect(cache.generations()).toEqual(await liveGenerations(db));
    expect((await lookupMailboxes(db, cache, oldId)).mailboxes).toEqual([]);
    expect((await lookupMailboxes(db, cache, newId)).mailboxes).toHaveLength(1);
  });

  it('a report replaced by another connection (another extension context) is not answered from memory', async () => {
    const name = freshDbName();
    const db = await openGuardDb(name);
    const cache = new LookupCache();
    await importPeople(db, generatePeople(50, 1, 'OLD'), undefined, cache);
    await lookupMailboxes(db, cache, oldId);
    const other = await openGuardDb(name);
    await importPeople(other, generatePeople(50, 2, 'NEW'));
    expect((await lookupMailboxes(db, cache, oldId)).mailboxes).toEqual([]);
    expect((await lookupMailboxes(db, cache, newId)).mailboxes).toHaveLength(1);
    expect(cache.generations()).toEqual(await liveGenerations(db));
  });

  it('deleting a report, or all cached data, empties memory of it', async () => {
    const db = await openGuardDb(freshDbName());
    const cache = new LookupCache();
    await importPeople(db, generatePeople(50, 1, 'OLD'), 'Trust A', cache);
    await importPeople(db, generatePeople(50, 2, 'NEW'), 'Trust B', cache);
    await deleteReport(db, cache, 'trust a');
    expect(cache.generations()).toEqual(await liveGenerations(db));
    expect((await lookupMailboxes(db, cache, oldId)).mailboxes).toEqual([]);

    await deleteAllData(db, { imports: new ImportsInProgress(), lookupCache: cache });
    expect(cache.generations()).toEqual([]);
    expect(await lookupMailboxes(db, cache, newId)).toEqual({
      mailboxes: [],
      matches: { localIds: [[]], emails: [], mobiles: [] },
      reports: [],
      skippedRecords: 0,
    });
  });

  it('the retention purge empties memory of the reports it deletes', async () => {
    const db = await openGuardDb(freshDbName());
    const cache = new LookupCache();
    const now = Date.now();
    await importPeople(db, generatePeople(20, 1, 'OLD'), 'Old trust', cache);
    await db.put('reports', { ...(await db.get('reports', 'old trust'))!, importedAt: now - 11 * DAY_MS });
    await lookupMailboxes(db, cache, oldId);
    expect(
      await runRetention(
        {
          openDb: async () => db,
          loadSettings: async () => ({ ...DEFAULT_SETTINGS, retentionDays: 10 }),
          imports: new ImportsInProgress(),
          lookupCache: cache,
        },
        now,
      ),
    ).toMatchObject({ reports: 1 });
    expect(cache.generations()).toEqual([]);
    expect((await lookupMailboxes(db, cache, oldId)).mailboxes).toEqual([]);
  });

  it('a schema upgrade by a newer version closes the connection and drops its memory', async () => {
    const cache = new LookupCache();
    const openDb = createDbConnection({ onClose: () => cache.clear() });
    const db = await openDb();
    await importPeople(db, generatePeople(20, 1, 'OLD'), undefined, cache);
    expect(cache.generations()).toHaveLength(1);
    const upgraded = await openGuardDb(DB_NAME, DB_VERSION + 1);
    expect(cache.generations()).toEqual([]);
    upgraded.close();
    await deleteDB(DB_NAME);
    expect(await openDb()).not.toBe(db);
  });
});

describe('LookupCache memory', () => {
  it('drops every snapshot after the idle period', () => {
    vi.useFakeTimers();
    try {
      const cache = new LookupCache(60_000);
      cache.hold(new GenerationSnapshot('g1', 'a', 0, {}));
      vi.advanceTimersByTime(59_000);
      cache.hold(new GenerationSnapshot('g2', 'a', 0, {}));
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
    const cache = new LookupCache();
    await importPeople(db, generatePeople(20), undefined, cache);
    cache.hold(new GenerationSnapshot('gone-generation', 'a', 0, {}));
    await lookupMailboxes(db, cache, { ...noKeys, localIds: ['RXX000001'] });
    expect(cache.generations()).toEqual(await liveGenerations(db));
  });
});
