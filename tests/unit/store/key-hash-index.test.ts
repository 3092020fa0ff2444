import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../lib/csv/read';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { KEY_KINDS, keysOf, keyTable, tableKeys, type KeyTable } from '../../../lib/store/generation-layout';
import { buildParts, KeyHashIndex, slotCount, type HashIndexParts } from '../../../lib/store/key-hash-index';
import { generatePeople, mailboxReportCsv, seededRandom } from '../../support/generate';

/** The reference: every row whose key equals `key`, in the table's order (for a sorted table, what a binary search finds). */
function rowsBySearch(table: KeyTable, key: string): number[] {
  let byKey = scanned.get(table);
  if (!byKey) {
    byKey = new Map();
    tableKeys(table).forEach((k, i) => {
      const rows = byKey!.get(k) ?? [];
      rows.push(table.rows[i]!);
      byKey!.set(k, rows);
    });
    scanned.set(table, byKey);
  }
  return byKey.get(key) ?? [];
}
const scanned = new WeakMap<KeyTable, Map<string, number[]>>();

/** A table with its entries in another order, as a damaged record could hold them. */
function shuffled(table: KeyTable, random: () => number): KeyTable {
  const entries = tableKeys(table).map((key, i) => ({ key, row: table.rows[i]! }));
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  let end = 0;
  return {
    text: entries.map((e) => e.key).join(''),
    ends: Int32Array.from(entries, (e) => (end += e.key.length)),
    rows: Int32Array.from(entries, (e) => e.row),
  };
}

function rowsByHash(index: KeyHashIndex, key: string): number[] {
  const rows: number[] = [];
  index.rowsWithKey(key, (row) => rows.push(row));
  return rows;
}

/** Every key of the table, plus keys it does not hold: empty, each key cut short, each key run on. */
function askedKeys(table: KeyTable): string[] {
  const keys = tableKeys(table);
  return ['', 'absent', ...keys, ...keys.map((k) => k.slice(0, -1)), ...keys.map((k) => `${k}x`)];
}

describe('the hash index over a key table', () => {
  it('finds the same rows, in the same order, as the binary search, for every kind of key of a report', () => {
    const people = generatePeople(3000, 11);
    // Shared keys: the same person twice, a blank local ID, a display name only.
    people[10] = { ...people[9]! };
    people[20] = { ...people[20]!, localId: '' };
    people[30] = { ...people[30]!, firstName: '', lastName: '' };
    const read = readCsv({ text: mailboxReportCsv(people), encoding: 'utf-8' }, 'Mailbox Report.csv');
    if (!read.ok) throw new Error(read.error.message);
    const parsed = parseMailboxReport(read.table, 'RXX');
    if (!parsed.ok) throw new Error(parsed.error);
    const keys = parsed.mailboxes.map(keysOf);
    for (const kind of KEY_KINDS) {
      const table = keyTable(keys.map((k) => k[kind]));
      const index = new KeyHashIndex(table);
      let found = 0;
      for (const key of askedKeys(table)) {
        const expected = rowsBySearch(table, key);
        expect(rowsByHash(index, key), `${kind} ${JSON.stringify(key)}`).toEqual(expected);
        found += expected.length;
      }
      expect(found, kind).toBeGreaterThan(table.rows.length);
    }
  });

  it('answers alike when many keys are equal or share a prefix (long probe runs)', () => {
    const random = seededRandom(5);
    // A 3-letter alphabet and short keys: many repeats, many near misses.
    const keysByRow = Array.from({ length: 4000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => 'abc'[Math.floor(random() * 3)]).join(''),
    );
    keysByRow[17] = '';
    const table = keyTable(keysByRow);
    const index = new KeyHashIndex(table);
    for (const key of askedKeys(table)) expect(rowsByHash(index, key), JSON.stringify(key)).toEqual(rowsBySearch(table, key));
  });

  it("finds every row of a key in a table out of order (damaged), in that table's order, without sorting it", () => {
    const random = seededRandom(9);
    const keysByRow = Array.from({ length: 3000 }, () => `k${Math.floor(random() * 700)}`);
    const table = shuffled(keyTable(keysByRow), random);
    const index = new KeyHashIndex(table);
    let found = 0;
    for (const key of askedKeys(table)) {
      const expected = rowsBySearch(table, key);
      expect(rowsByHash(index, key), JSON.stringify(key)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(table.rows.length);
  });

  it('finds every row of a key thousands of rows share (a placeholder mobile), in table order', () => {
    const keysByRow = Array.from({ length: 20_000 }, (_, i) => (i % 4 === 1 ? `07700 ${900000 + i}` : '07700 900000'));
    const table = keyTable(keysByRow);
    const index = new KeyHashIndex(table);
    const shared = rowsByHash(index, '07700 900000');
    expect(shared).toHaveLength(15_000);
    expect(shared).toEqual(rowsBySearch(table, '07700 900000'));
    expect(rowsByHash(index, '07700 900005')).toEqual([5]);
  });

  it('finds nothing in an empty table', () => {
    const index = new KeyHashIndex(keyTable(['', '']));
    expect(rowsByHash(index, 'a')).toEqual([]);
    expect(rowsByHash(index, '')).toEqual([]);
  });
});

describe('the hash index as stored with its key table', () => {
  const random = seededRandom(21);
  const keysByRow = Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? '' : `key${Math.floor(random() * 3000)}`));
  const table = keyTable(keysByRow);
  // Every array in full, as imports before December 2026 stored it (and as one is stored when many keys repeat).
  const stored = buildParts(table);
  const damaged = (change: (copy: HashIndexParts) => void): HashIndexParts => {
    const copy = { ...stored, slots: stored.slots.slice(), hashes: stored.hashes.slice(), next: stored.next.slice() };
    change(copy);
    return copy;
  };
  const firstLinked = stored.next.findIndex((to) => to !== 0);
  const firstHead = stored.slots.findIndex((at) => at !== 0);
  // A chain of at least three rows (positions 1-based, as stored): head → a → b.
  const head = stored.slots.find((at) => at !== 0 && stored.next[at - 1] !== 0 && stored.next[stored.next[at - 1]! - 1] !== 0)!;

  it('read back, finds the same rows, in the same order, as one built from the table', () => {
    const read = KeyHashIndex.fromStored(table, structuredClone(stored));
    expect(read).toBeDefined();
    for (const key of askedKeys(table)) expect(rowsByHash(read!, key), JSON.stringify(key)).toEqual(rowsBySearch(table, key));
  });

  it('is stored with only its links when few keys repeat, and read back finds the same rows', () => {
    const keysByRow = Array.from({ length: 5000 }, (_, i) => (i % 9 === 0 ? '' : i % 100 === 1 ? 'shared' : `key${i}`));
    const shared = keysByRow.filter((k) => k === 'shared').length;
    const unique = keyTable(keysByRow);
    const built = buildParts(unique);
    const compact = new KeyHashIndex(unique).stored();
    expect('next' in compact).toBe(false);
    // 45 rows share one key: 44 links, as pairs, instead of an array as long as the table (4,444).
    expect(shared).toBe(45);
    expect('links' in compact && compact.links.length).toBe((shared - 1) * 2);
    const read = KeyHashIndex.fromStored(unique, structuredClone(compact));
    expect(read).toBeDefined();
    expect(rowsByHash(read!, 'shared')).toHaveLength(shared);
    for (const key of askedKeys(unique)) expect(rowsByHash(read!, key), JSON.stringify(key)).toEqual(rowsBySearch(unique, key));
    // A table where most keys repeat keeps next whole (its links would be longer).
    expect('next' in new KeyHashIndex(keyTable(Array.from({ length: 100 }, (_, i) => `k${i % 10}`))).stored()).toBe(true);

    const links = 'links' in compact ? compact.links : new Int32Array(0);
    const withLinks = (change: (copy: Int32Array) => void) => {
      const copy = links.slice();
      change(copy);
      return { ...compact, links: copy };
    };
    const refused: [string, unknown][] = [
      ['neither next nor links', { slots: built.slots, hashes: built.hashes, shape: built.shape }],
      ['links of odd length', { ...compact, links: links.slice(1) }],
      ['a link from a position outside the table', withLinks((c) => (c[0] = unique.ends.length))],
      ['a link to nowhere (0)', withLinks((c) => (c[1] = 0))],
      ['two links from one position', withLinks((c) => (c[2] = c[0]!))],
      ['a link back up the table (a loop)', withLinks((c) => (c[1] = 1))],
      ['a row in no chain (a link dropped)', { ...compact, links: links.slice(2) }],
    ];
    for (const [what, value] of refused) expect(KeyHashIndex.fromStored(unique, value), what).toBeUndefined();
  });

  it('read back as an older import stored it (at most half full), finds the same rows as one built now', () => {
    const older = buildParts(table, slotCount(table.ends.length) * 2);
    expect(older.slots.length).toBeGreaterThan(stored.slots.length);
    const read = KeyHashIndex.fromStored(table, structuredClone(older));
    expect(read).toBeDefined();
    for (const key of askedKeys(table)) expect(rowsByHash(read!, key), JSON.stringify(key)).toEqual(rowsBySearch(table, key));
  });

  it('is refused, so the caller builds one, when missing or not well formed', () => {
    expect(firstLinked).toBeGreaterThanOrEqual(0);
    const refused: [string, unknown][] = [
      ['missing', undefined],
      ['not an object', 'slots'],
      ['arrays of another size', { ...stored, next: stored.next.slice(1) }],
      ['slots of a size never built (four times as many)', buildParts(table, slotCount(table.ends.length) * 4)],
      ['a plain array', { ...stored, slots: Array.from(stored.slots) }],
      ['a slot out of range', damaged((c) => (c.slots[firstHead] = table.ends.length + 1))],
      ['a row in no chain (a slot emptied)', damaged((c) => (c.slots[firstHead] = 0))],
      ['a row in two chains', damaged((c) => (c.next[firstLinked] = 0))],
      ['a link back up the table (a loop)', damaged((c) => (c.next[firstLinked] = 1))],
      [
        'a chain out of table order (each row still reached once)',
        damaged((c) => {
          const a = c.next[head - 1]!;
          const b = c.next[a - 1]!;
          const after = c.next[b - 1]!;
          [c.next[head - 1], c.next[b - 1], c.next[a - 1]] = [b, a, after];
        }),
      ],
      ['a table of another shape (its rows reordered since)', { ...stored, shape: stored.shape + 1 }],
    ];
    for (const [what, value] of refused) expect(KeyHashIndex.fromStored(table, value), what).toBeUndefined();
    const reordered = { ...table, rows: table.rows.slice().reverse() };
    expect(KeyHashIndex.fromStored(reordered, stored), 'rows reordered').toBeUndefined();
  });
});
