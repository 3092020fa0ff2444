import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../lib/csv/read';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { KEY_KINDS, keysOf, rowsWithKey, sortKeyTable, tableKeys, type SortedKeyTable } from '../../../lib/store/generation-layout';
import { KeyHashIndex } from '../../../lib/store/key-hash-index';
import { generatePeople, mailboxReportCsv, seededRandom } from '../../support/generate';

function rowsBySearch(table: SortedKeyTable, key: string): number[] {
  const rows: number[] = [];
  rowsWithKey(table, key, (row) => rows.push(row));
  return rows;
}

function rowsByHash(index: KeyHashIndex, key: string): number[] {
  const rows: number[] = [];
  index.rowsWithKey(key, (row) => rows.push(row));
  return rows;
}

/** Every key of the table, plus keys it does not hold: empty, each key cut short, each key run on. */
function askedKeys(table: SortedKeyTable): string[] {
  const keys = tableKeys(table);
  return ['', 'absent', ...keys, ...keys.map((k) => k.slice(0, -1)), ...keys.map((k) => `${k}x`)];
}

describe('the hash index over a sorted key table', () => {
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
      const table = sortKeyTable(keys.map((k) => k[kind]));
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
    const table = sortKeyTable(keysByRow);
    const index = new KeyHashIndex(table);
    for (const key of askedKeys(table)) expect(rowsByHash(index, key), JSON.stringify(key)).toEqual(rowsBySearch(table, key));
  });

  it('finds nothing in an empty table', () => {
    const index = new KeyHashIndex(sortKeyTable(['', '']));
    expect(rowsByHash(index, 'a')).toEqual([]);
    expect(rowsByHash(index, '')).toEqual([]);
  });
});
