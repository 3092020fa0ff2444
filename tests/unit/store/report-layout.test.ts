import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { LOOKUP_KINDS } from '../../../lib/background/check-pipeline';
import { nameKey } from '../../../lib/portal/normalize';
import { CHUNK_ROWS, keyTable, parseKeyTables, storedKeyTable, STORED_INDEX_KINDS, tableKeys } from '../../../lib/store/generation-layout';
import { importMailboxReport } from '../../../lib/store/import-report';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { lookupMailboxes } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { listReports } from '../../../lib/store/reports';
import { decodeRow, encodeRow } from '../../../lib/store/stored-rows';
import { countStoredRows, freshDb, generatePeople, importPeople, mailboxReportCsv } from './helpers';

const noKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('stored rows', () => {
  it('give back exactly the mailbox stored, whatever its values hold', () => {
    const full: Mailbox = {
      orgId: 'trust a',
      localId: 'RXX1',
      email: 'siân.o’connor@nhs.net',
      status: 'leaver',
      statusText: 'Active (Leaver)',
      mailboxType: 'User',
      displayName: 'O’Connor, Siân "Jo"',
      firstName: 'Siân',
      lastName: 'O’Connor',
      mobile: '07700 900123',
      jobTitle: 'Nurse,\nWard 7\r\n',
      ou: 'Leeds\\North',
      extra: { 'Hidden From Address List': 'Enabled', 'Line\nbreak': '=1+2', Empty: '' },
    };
    const bare: Mailbox = { orgId: 'trust a', localId: '', email: 'x@nhs.net', status: 'unknown', statusText: '', extra: {} };
    for (const mailbox of [full, bare]) {
      const text = encodeRow(mailbox);
      // A row never holds a raw line break: a chunk is rows joined by them.
      expect(text).not.toMatch(/\n/);
      expect(decodeRow(text, 'trust a')).toEqual(mailbox);
    }
  });

  it('are damaged, not thrown, when they are not what was stored', () => {
    for (const text of [
      '',
      '{',
      'null',
      '[]',
      '["L","e","active","Active",null,null,null,null,null,null,null]',
      '["L","e","sleeping","Active",null,null,null,null,null,null,null,0]',
      '["L","e","active","Active",7,null,null,null,null,null,null,0]',
      '["L","e","active","Active",null,null,null,null,null,null,null,{"x":1}]',
    ]) {
      expect(decodeRow(text, 'a')).toBeUndefined();
    }
  });
});

describe('a key table as stored', () => {
  // Rows 0-9, three of them (2, 5, 9) without a key.
  const keysByRow = ['a', 'b', '', 'c', 'd', '', 'e', 'f', 'g', ''];
  const table = keyTable(keysByRow);
  const record = (stored: unknown) => ({ rowCount: 10, chunkRows: CHUNK_ROWS, localId: stored, email: stored, name: stored, mobile: stored });

  it('names the rows without a key when they are fewer, and reads back the same table', () => {
    const stored = storedKeyTable(table, keysByRow.length);
    expect(stored).toEqual({ text: table.text, ends: table.ends, gaps: Int32Array.from([2, 5, 9]) });
    expect(parseKeyTables(structuredClone(record(stored)), 10)?.localId).toEqual(table);
  });

  it('keeps the rows in full when most rows have no key, or the table is out of row order', () => {
    const sparse = keyTable(['', '', 'x', '', '']);
    expect(storedKeyTable(sparse, 5)).toEqual(sparse);
    const reversed = { ...table, rows: table.rows.slice().reverse() };
    expect(storedKeyTable(reversed, 10)).toEqual(reversed);
    expect(parseKeyTables(record(table), 10)?.localId).toEqual(table);
  });

  it('is damaged (the index is then rebuilt from the chunks) when its gaps are out of order, repeated, out of range or too many', () => {
    const stored = storedKeyTable(table, keysByRow.length);
    for (const gaps of [[5, 2, 9], [2, 2, 9], [2, 5, 10], [-1, 5, 9], [2, 5], Array.from({ length: 11 }, (_, i) => i)]) {
      expect(parseKeyTables(record({ ...stored, gaps: Int32Array.from(gaps) }), 10), JSON.stringify(gaps)).toBeUndefined();
    }
    expect(parseKeyTables(record({ text: table.text, ends: table.ends }), 10), 'neither rows nor gaps').toBeUndefined();
  });

  it('is damaged when a row stored in full is out of range, or a key ends before the one before it', () => {
    for (const row of [-1, 10]) {
      const rows = table.rows.slice();
      rows[3] = row;
      expect(parseKeyTables(record({ ...table, rows }), 10), `row ${row}`).toBeUndefined();
    }
    const ends = table.ends.slice();
    ends[2] = ends[1]! - 1;
    expect(parseKeyTables(record({ ...storedKeyTable(table, 10), ends }), 10), 'a key ending before the one before it').toBeUndefined();
    const negative = table.ends.slice();
    negative[0] = -1;
    expect(parseKeyTables(record({ ...storedKeyTable(table, 10), ends: negative }), 10), 'a key ending before the text starts').toBeUndefined();
  });
});

describe('the row-chunk layout', () => {
  it('stores a report as chunks of rows and one key tables record, and reads every row back', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(CHUNK_ROWS * 2 + 17);
    await importPeople(db, people, undefined, cache);
    const [report] = await db.getAll('reports');
    expect(await db.count('reportChunks')).toBe(3);
    const record = (await db.get('reportKeys', report!.generation))!;
    expect(record.rowCount).toBe(people.length);
    // Every row has a local ID: stored as the rows without one (none), not as 0, 1, 2…
    expect(record.localId).toMatchObject({ gaps: new Int32Array(0) });
    expect('rows' in record.localId).toBe(false);
    const keys = parseKeyTables(record, record.rowCount)!;
    // In row order, each key with its row's position.
    const localIds = tableKeys(keys.localId);
    expect(localIds).toEqual(people.map((p) => p.localId));
    expect(Array.from(keys.localId.rows)).toEqual(people.map((_, i) => i));

    cache.clear();
    const found = await lookupMailboxes(db, cache, { ...noKeys, localIds: people.map((p) => p.localId) });
    expect(found.mailboxes.map((m) => [m.localId, m.email, m.firstName, m.mobile, m.ou])).toEqual(
      people.map((p) => [p.localId, p.email, p.firstName, p.mobile, p.ou]),
    );
    expect(found.skippedRecords).toBe(0);
  });

  it('stores the hash index of each kind a check looks up by, none for names, and a cold lookup by name still finds them', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(CHUNK_ROWS + 3);
    await importPeople(db, people, undefined, cache);
    const [report] = await db.getAll('reports');
    const keys = (await db.get('reportKeys', report!.generation))!;
    expect(Object.keys(keys.hashIndexes ?? {}).sort()).toEqual(['email', 'localId', 'mobile']);
    // Local IDs never repeat in a report: their index is stored with its links (none), not a next per row.
    expect(keys.hashIndexes?.localId).toMatchObject({ links: new Int32Array(0) });
    expect(LOOKUP_KINDS.filter((kind) => !STORED_INDEX_KINDS.includes(kind))).toEqual([]);

    cache.clear();
    const person = people[CHUNK_ROWS + 1]!;
    const found = await lookupMailboxes(db, cache, { ...noKeys, nameKeys: [nameKey(person.firstName, person.lastName)] });
    expect(found.mailboxes.map((m) => m.localId)).toContain(person.localId);
  });

  it('a cold worker reads the key tables and only the chunks holding the rows it found', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(CHUNK_ROWS * 4);
    await importPeople(db, people, undefined, cache);
    cache.clear();
    const reads: unknown[] = [];
    const realGet = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
      reads.push([this.name, query]);
      return realGet.call(this, query);
    });
    const found = await lookupMailboxes(db, cache, { ...noKeys, localIds: [people[CHUNK_ROWS * 2 + 5]!.localId] });
    expect(found.mailboxes.map((m) => m.localId)).toEqual([people[CHUNK_ROWS * 2 + 5]!.localId]);
    const [report] = await db.getAll('reports');
    expect(reads.filter((r) => (r as string[])[0] === 'reportChunks')).toEqual([['reportChunks', [report!.generation, 2]]]);
    expect(reads.filter((r) => (r as string[])[0] === 'reportKeys')).toEqual([['reportKeys', report!.generation]]);
  });

  it('keeps answering from the old report until the new one is swapped in', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    await importPeople(db, generatePeople(100, 1, 'OLD'), undefined, cache);
    const seen: string[][] = [];
    let swapping = false;
    await importMailboxReport(
      db,
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(CHUNK_ROWS * 6, 2, 'NEW')) },
      {
        imports: new ImportsInProgress(),
        lookupCache: cache,
        onProgress: (p) => {
          if (p.phase === 'swapping') swapping = true;
          if (p.phase !== 'writing') return;
          // Part of the new report is already written: lookups answered before the swap see only the old one.
          cache.clear();
          void lookupMailboxes(db, cache, { ...noKeys, localIds: ['OLD000001', 'NEW000001'] }).then((r) => {
            if (!swapping) seen.push(r.mailboxes.map((m) => m.localId));
          });
        },
      },
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((ids) => ids.join() === 'OLD000001')).toBe(true);
    const after = await lookupMailboxes(db, cache, { ...noKeys, localIds: ['OLD000001', 'NEW000001'] });
    expect(after.mailboxes.map((m) => m.localId)).toEqual(['NEW000001']);
    expect(await countStoredRows(db)).toBe(CHUNK_ROWS * 6);
  });

  it('keeps the previous report when storage fills up at the swap itself', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const before = await importPeople(db, generatePeople(100, 1, 'OLD'), undefined, cache);
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'reportKeys') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const error = await importPeople(db, generatePeople(3000, 2, 'NEW'), undefined, cache).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toMatchObject({ code: 'quota' });
    expect((await listReports(db)).reports).toEqual([before]);
    expect(await countStoredRows(db)).toBe(100);
    cache.clear();
    expect((await lookupMailboxes(db, cache, { ...noKeys, localIds: ['OLD000001', 'NEW000001'] })).mailboxes.map((m) => m.localId)).toEqual([
      'OLD000001',
    ]);
  });

  it('skips and counts the rows of a damaged or missing chunk, and still finds the rest', async () => {
    const db = await freshDb();
    const cache = new LookupCache();
    const people = generatePeople(CHUNK_ROWS * 3);
    await importPeople(db, people, undefined, cache);
    const [report] = await db.getAll('reports');
    await db.put('reportChunks', { generation: report!.generation, chunk: 1, rows: 42 } as never);
    await db.delete('reportChunks', [report!.generation, 2]);
    cache.clear();

    const asked = [people[5]!, people[CHUNK_ROWS + 5]!, people[CHUNK_ROWS * 2 + 5]!];
    const found = await lookupMailboxes(db, cache, { ...noKeys, localIds: asked.map((p) => p.localId) });
    expect(found.mailboxes.map((m) => m.localId)).toEqual([people[5]!.localId]);
    expect(found.skippedRecords).toBe(2);
    // Many keys at once (every chunk read in one request): the same rows are skipped.
    const many = await lookupMailboxes(db, cache, { ...noKeys, localIds: people.map((p) => p.localId) });
    expect(many.mailboxes).toHaveLength(CHUNK_ROWS);
    expect(many.skippedRecords).toBe(CHUNK_ROWS * 2);
  });
});
