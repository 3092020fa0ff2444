import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emailKey, mobileKey, nameKey } from '../../../lib/portal/normalize';
import type { GuardDb } from '../../../lib/store/db';
import type { LookupKeys } from '../../../lib/messaging/reports-protocol';
import { GenerationWriter, parseKeyTables, STORED_INDEX_KINDS, tableKeys, type KeyTable } from '../../../lib/store/generation-layout';
import { buildParts } from '../../../lib/store/key-hash-index';
import { lookupMailboxes as lookupIn } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { freshDb, generatePeople, importPeople } from './helpers';

const noKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };

/**
 * Every way of reading must give the same answer. "warm" keeps the index the import left in memory;
 * "cold" empties memory before each lookup (a worker just started: the index comes from the key
 * tables); "damaged key tables" also breaks every key tables record, so the index is rebuilt from the rows.
 */
const WAYS: { name: string; cold?: boolean; breakKeyTables?: boolean; hashIndexes?: 'dropped' | 'damaged'; storedInFull?: boolean }[] = [
  { name: 'warm, from the index the import left in memory' },
  { name: 'cold, from the key tables and their stored hash indexes', cold: true },
  {
    name: 'cold, from key tables stored in full (every row position and every link, as imports before December 2026)',
    cold: true,
    storedInFull: true,
  },
  { name: 'cold, from key tables stored without hash indexes (an older import)', cold: true, hashIndexes: 'dropped' },
  { name: 'cold, from key tables whose stored hash indexes are damaged (built afresh)', cold: true, hashIndexes: 'damaged' },
  { name: 'cold with damaged key tables, from the row chunks', cold: true, breakKeyTables: true },
];

describe.each(WAYS)('lookupMailboxes, $name', ({ cold, breakKeyTables, hashIndexes, storedInFull }) => {
  async function lookupMailboxes(db: GuardDb, cache: LookupCache, keys: LookupKeys) {
    for (const record of storedInFull ? await db.getAll('reportKeys') : []) {
      const tables = parseKeyTables(record, record.rowCount)!;
      const indexes = Object.fromEntries(STORED_INDEX_KINDS.map((kind) => [kind, buildParts(tables[kind])]));
      await db.put('reportKeys', { ...record, ...tables, hashIndexes: indexes });
    }
    if (breakKeyTables)
      for (const record of await db.getAll('reportKeys'))
        await db.put('reportKeys', { ...record, email: { ...record.email, text: record.email.text.slice(1) } });
    // Imports store the indexes of the kinds checks ask by; each record is changed once (the helper runs for every lookup).
    for (const record of hashIndexes ? await db.getAll('reportKeys') : []) {
      const { hashIndexes: stored, ...without } = record;
      if (!stored || (hashIndexes === 'damaged' && stored.email?.slots.every((slot) => slot === 0))) continue;
      expect(Object.keys(stored).sort()).toEqual(['email', 'localId', 'mobile']);
      // Damaged: every slot emptied, so an index read as stored would find nothing.
      const emptied = Object.fromEntries(
        Object.entries(stored).map(([kind, index]) => [kind, { ...index, slots: new Int32Array(index.slots.length) }]),
      );
      await db.put('reportKeys', hashIndexes === 'dropped' ? without : { ...without, hashIndexes: emptied });
    }
    if (cold) cache.clear();
    return lookupIn(db, cache, keys);
  }

  it('finds a mailbox by each kind of key, as the checks normalise them', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(200);
    await importPeople(db, people, undefined, cache);
    const p = people[42]!;

    const byLocalId = await lookupMailboxes(db, cache, { ...noKeys, localIds: [` \u200B${p.localId} `] });
    expect(byLocalId.mailboxes.map((m) => m.email)).toEqual([p.email]);

    const byEmail = await lookupMailboxes(db, cache, { ...noKeys, emails: [emailKey(p.email.toUpperCase())] });
    expect(byEmail.mailboxes.map((m) => m.localId)).toEqual([p.localId]);

    const byMobile = await lookupMailboxes(db, cache, { ...noKeys, mobiles: [mobileKey(`+44 ${p.mobile.slice(1)}`)] });
    expect(byMobile.mailboxes.map((m) => m.localId)).toContain(p.localId);

    const byName = await lookupMailboxes(db, cache, { ...noKeys, nameKeys: [nameKey(`Dr ${p.firstName}`, p.lastName.toUpperCase())] });
    expect(byName.mailboxes.map((m) => m.localId)).toContain(p.localId);
    expect(byName.mailboxes.every((m) => nameKey(m.firstName, m.lastName) === nameKey(p.firstName, p.lastName))).toBe(true);
  });

  it('answers for every organisation in one call and lists each report', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    await importPeople(db, generatePeople(50, 1, 'AAA'), 'Trust A', cache);
    await importPeople(db, generatePeople(50, 2, 'BBB'), 'Trust B', cache);
    const result = await lookupMailboxes(db, cache, { ...noKeys, localIds: ['AAA000007', 'BBB000009', 'ZZZ000001'] });
    expect(result.mailboxes.map((m) => [m.orgId, m.localId]).sort()).toEqual([
      ['trust a', 'AAA000007'],
      ['trust b', 'BBB000009'],
    ]);
    expect(result.reports.map((r) => r.orgLabel).sort()).toEqual(['Trust A', 'Trust B']);
    expect(result.mailboxes[0]).not.toHaveProperty('generation');
  });

  it('never answers from rows that no report points at (an import still being written or abandoned)', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(20);
    await importPeople(db, people, undefined, cache);
    const stray = new GenerationWriter('someone-else');
    stray.add({ orgId: 'trust a', localId: 'STRAY1', email: 'stray@nhs.net', status: 'active', statusText: 'Active', extra: {} });
    const { chunks, keyTables } = stray.finish();
    for (const chunk of chunks) await db.put('reportChunks', chunk);
    await db.put('reportKeys', keyTables);
    const result = await lookupMailboxes(db, cache, { ...noKeys, localIds: ['STRAY1'], emails: ['stray@nhs.net'] });
    expect(result.mailboxes).toEqual([]);
  });

  it('skips and counts a damaged record instead of failing the lookup', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    await importPeople(db, generatePeople(20), undefined, cache);
    const [report] = await db.getAll('reports');
    const chunk = (await db.get('reportChunks', [report!.generation, 0]))!;
    const rows = chunk.rows.split('\n');
    // The first row's status becomes a number.
    rows[0] = rows[0]!.replace('"active"', '42');
    await db.put('reportChunks', { ...chunk, rows: rows.join('\n') });
    // Damage is found by a worker reading storage afresh, never by one holding the rows it imported.
    cache.clear();

    const result = await lookupMailboxes(db, cache, { ...noKeys, localIds: ['RXX000001', 'RXX000002'] });
    expect(result.mailboxes.map((m) => m.localId)).toEqual(['RXX000002']);
    expect(result.skippedRecords).toBe(1);
  });

  it('finds exactly the mailboxes with the asked local IDs, for few keys and many', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(400);
    await importPeople(db, people, undefined, cache);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 499 }), { minLength: 1, maxLength: 300 }), async (picks) => {
        const localIds = picks.map((i) => `RXX${String(i + 1).padStart(6, '0')}`);
        const result = await lookupMailboxes(db, cache, { ...noKeys, localIds });
        const expected = localIds.filter((id) => people.some((p) => p.localId === id)).sort();
        expect(result.mailboxes.map((m) => m.localId).sort()).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('with nothing cached, finds nothing and lists no reports', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    expect(await lookupMailboxes(db, cache, { ...noKeys, localIds: ['X'] })).toEqual({
      mailboxes: [],
      matches: { localIds: [[]], emails: [], mobiles: [] },
      reports: [],
      skippedRecords: 0,
    });
  });
});

describe('lookupMailboxes with a stored key table out of order', () => {
  it('still finds both mailboxes sharing a key whose run the damage split (the hash index does not rely on order)', async () => {
    const db = await freshDb();
    const people = generatePeople(300);
    // Two mailboxes sharing one email: adjacent in the sorted email table.
    const shared = people[7]!.email;
    people[8] = { ...people[8]!, email: shared };
    await importPeople(db, people);
    // Damage that keeps the record well formed: the first of the two keys moved to the end of the table,
    // so the run of equal keys is split and only the order shows it.
    for (const record of await db.getAll('reportKeys')) {
      const stored = parseKeyTables(record, record.rowCount)!.email;
      const keys = tableKeys(stored);
      const rows = Array.from(stored.rows);
      const first = keys.indexOf(emailKey(shared));
      keys.push(...keys.splice(first, 1));
      rows.push(...rows.splice(first, 1));
      let end = 0;
      const email: KeyTable = { text: keys.join(''), ends: Int32Array.from(keys, (key) => (end += key.length)), rows: Int32Array.from(rows) };
      await db.put('reportKeys', { ...record, email });
    }
    // A worker just started: the index comes from the stored tables.
    const found = await lookupIn(db, new LookupCache(), { ...noKeys, emails: [emailKey(shared)] });
    expect(found.mailboxes.map((m) => m.localId).sort()).toEqual([people[7]!.localId, people[8]!.localId].sort());
  });
});
