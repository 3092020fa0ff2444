import type { Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, mobileKey, nameKey } from '../portal/normalize';
import { KeyHashIndex, type StoredHashIndex } from './key-hash-index';
import { encodeRow } from './stored-rows';

/**
 * How one import (a generation) is stored: its rows in chunks, plus one record of compact key
 * tables. A stopped worker rebuilds its lookup index from the key tables alone (one small read), then
 * reads only the chunks holding rows a check found; nothing in IndexedDB is indexed per mailbox.
 */

/** Rows per stored chunk: about 140 KB of text, so a few dozen records hold a 100,000-row report. */
export const CHUNK_ROWS = 1000;

/** The kinds of key a mailbox is found by, in the normalize.ts forms the checks ask with. */
export const KEY_KINDS = ['localId', 'email', 'name', 'mobile'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/**
 * The kinds whose hash index the import stores with the key tables: those a check looks mailboxes up
 * by (LOOKUP_KINDS in background/check-pipeline.ts). A check never asks by name, so storing the name
 * index only lengthened a stopped worker's read of the record (66 ms without it against 77, medians of
 * 8 reads in Chromium); a lookup by name builds it on first use, as for a record without indexes.
 */
export const STORED_INDEX_KINDS: readonly KeyKind[] = ['localId', 'email', 'mobile'];

/** Rows `chunk × chunkRows` onwards of one generation: their stored texts joined by newlines. */
export interface StoredChunk {
  generation: string;
  chunk: number;
  rows: string;
}

/**
 * One kind of key of every row that has one, each with its row's position (its place in the chunks):
 * the keys concatenated in one string, `ends[i]` where key i ends. As one string and two typed arrays,
 * a cold worker reads the table in one small read, builds its hash index (KeyHashIndex) straight from
 * it, and the garbage collector has three objects to trace, not 100,000. In row order: lookups go
 * through the hash index, so nothing needs the keys sorted (tables written sorted before still work).
 */
export interface KeyTable {
  text: string;
  ends: Int32Array;
  rows: Int32Array;
}

/**
 * One kind's key table as stored: its rows in full, or, when most rows have a key of that kind (every
 * mailbox has an email), `gaps`: the rows without one, in order. A cold worker reads the record whole
 * before its first lookup, at several milliseconds per megabyte, and `rows` of a table every row is in
 * holds nothing but 0, 1, 2…: 400 KB per kind for 100,000 rows.
 */
export type StoredKeyTable = Pick<KeyTable, 'text' | 'ends'> & ({ rows: Int32Array } | { gaps: Int32Array });

/** One generation's key tables, one record. */
export interface StoredKeyTables extends Record<KeyKind, StoredKeyTable> {
  generation: string;
  rowCount: number;
  chunkRows: number;
  /** The hash index of each of STORED_INDEX_KINDS, built at import (absent from records written before indexes were stored). */
  hashIndexes?: Partial<Record<KeyKind, StoredHashIndex>>;
}

/** One kind of key (one per row, '' for none) as a table, rows without a key left out. */
export function keyTable(keysByRow: readonly string[]): KeyTable {
  const order: number[] = [];
  for (let row = 0; row < keysByRow.length; row++) if (keysByRow[row] !== '') order.push(row);
  const ends = new Int32Array(order.length);
  let end = 0;
  const keys = order.map((row, i) => {
    const key = keysByRow[row]!;
    end += key.length;
    ends[i] = end;
    return key;
  });
  return { text: keys.join(''), ends, rows: Int32Array.from(order) };
}

/** A table as stored: with `gaps` instead of `rows` when its rows are in row order and fewer are missing than present. */
export function storedKeyTable(table: KeyTable, rowCount: number): StoredKeyTable {
  const { text, ends, rows } = table;
  const gapCount = rowCount - rows.length;
  if (gapCount < 0 || gapCount >= rows.length) return { text, ends, rows };
  const gaps = new Int32Array(gapCount);
  let at = 0;
  let next = 0;
  for (let row = 0; row < rowCount; row++) {
    if (next < rows.length && rows[next] === row) next++;
    else if (at < gapCount) gaps[at++] = row;
    else return { text, ends, rows };
  }
  // Not every row was met in order (a table out of row order): kept in full.
  return next === rows.length ? { text, ends, gaps } : { text, ends, rows };
}

/**
 * The rows of a stored table: as stored, or every row of the generation but its gaps; undefined when
 * neither is well formed (a row out of range; gaps out of order, repeated or out of range).
 *
 * This and the checks below run once in a stopped worker, before the engine has optimised anything: each
 * is its own small loop, which the engine optimises within the loop, and rows made from gaps are in range
 * by construction. In fresh Chromium pages, the tables of a 100,000-row record were checked in a median of
 * 11 ms this way against 19 ms in one loop that checked every row of every table (bench/FINDINGS.md).
 */
function storedRows(table: Partial<Record<'rows' | 'gaps', unknown>>, rowCount: number): Int32Array | undefined {
  if (table.rows instanceof Int32Array) return allBelow(table.rows, rowCount) ? table.rows : undefined;
  const gaps = table.gaps;
  if (!(gaps instanceof Int32Array) || gaps.length > rowCount) return undefined;
  return rowsBetweenGaps(gaps, rowCount);
}

/** Every row from 0 to rowCount - 1 but `gaps`, or undefined unless the gaps are ascending and in range. */
function rowsBetweenGaps(gaps: Int32Array, rowCount: number): Int32Array | undefined {
  const rows = new Int32Array(rowCount - gaps.length);
  let at = 0;
  let previous = -1;
  for (let g = 0; g < gaps.length; g++) {
    const gap = gaps[g]!;
    if (gap <= previous || gap >= rowCount) return undefined;
    for (let row = previous + 1; row < gap; row++) rows[at++] = row;
    previous = gap;
  }
  for (let row = previous + 1; row < rowCount; row++) rows[at++] = row;
  return rows;
}

/** Whether every value is from 0 to limit - 1. */
function allBelow(values: Int32Array, limit: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < 0 || value >= limit) return false;
  }
  return true;
}

/** Whether the values never go down, from 0. */
function ascendingFromZero(values: Int32Array): boolean {
  let last = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < last) return false;
    last = value;
  }
  return true;
}

/** A mailbox's key of each kind ('' for none): exactly what the lookups compare asked keys with. */
export function keysOf(mailbox: Mailbox): Record<KeyKind, string> {
  return {
    // Stored local IDs are already in localIdKey form (the report reader applies it).
    localId: mailbox.localId,
    email: emailKey(mailbox.email),
    // First and last names when the report has both; otherwise whatever the display name gives.
    name: nameKey(mailbox.firstName, mailbox.lastName) || displayNameKey(mailbox.displayName),
    mobile: mobileKey(mailbox.mobile),
  };
}

/** A stored row that could not be read (kept in place, so later rows keep their positions). */
export const DAMAGED_ROW = 'null';

/**
 * Turns mailboxes, in row order, into chunk records and the key tables. Used by the import (which
 * writes chunks as they fill) and by the schema migration.
 */
export class GenerationWriter {
  private pending: string[] = [];
  private ready: StoredChunk[] = [];
  private readonly keys: Record<KeyKind, string[]> = { localId: [], email: [], name: [], mobile: [] };
  private readonly tables: Partial<Record<KeyKind, KeyTable>> = {};
  /** Every chunk's text, kept for the lookup cache once this generation goes live. */
  readonly chunkTexts: string[] = [];
  rowCount = 0;

  constructor(
    readonly generation: string,
    readonly chunkRows: number = CHUNK_ROWS,
  ) {}

  add(mailbox: Mailbox): void {
    const keys = keysOf(mailbox);
    for (const kind of KEY_KINDS) this.keys[kind].push(keys[kind]);
    this.push(encodeRow(mailbox));
  }

  /**
   * A row that was already damaged (migration), with whatever keys could still be read from it: it
   * keeps its place, and every lookup that finds it skips and counts it, as before the migration.
   */
  addDamaged(keys: Partial<Record<KeyKind, string>> = {}): void {
    for (const kind of KEY_KINDS) this.keys[kind].push(keys[kind] ?? '');
    this.push(DAMAGED_ROW);
  }

  /** The chunks filled since the last call. */
  takeChunks(): StoredChunk[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** The last chunks (including a partial one) and the key tables (kept for keyTables()), with the hash indexes to store. */
  finish(): { chunks: StoredChunk[]; keyTables: StoredKeyTables } {
    if (this.pending.length > 0) this.close();
    const keyTables = { generation: this.generation, rowCount: this.rowCount, chunkRows: this.chunkRows } as StoredKeyTables;
    keyTables.hashIndexes = {};
    for (const kind of KEY_KINDS) {
      const table = (this.tables[kind] = keyTable(this.keys[kind]));
      keyTables[kind] = storedKeyTable(table, this.rowCount);
    }
    for (const kind of STORED_INDEX_KINDS) keyTables.hashIndexes[kind] = new KeyHashIndex(this.tables[kind]!).stored();
    return { chunks: this.takeChunks(), keyTables };
  }

  /** The key tables, once finish() has run (what the lookup cache holds). */
  keyTables(): Partial<Record<KeyKind, KeyTable>> {
    return this.tables;
  }

  private push(row: string): void {
    this.pending.push(row);
    this.rowCount++;
    if (this.pending.length === this.chunkRows) this.close();
  }

  private close(): void {
    const rows = this.pending.join('\n');
    this.ready.push({ generation: this.generation, chunk: this.chunkTexts.length, rows });
    this.chunkTexts.push(rows);
    this.pending = [];
  }
}

/**
 * The key tables of a stored record, or undefined when the record is damaged (a table missing, or a key
 * or row position out of range). Their order is not checked: the lookups use a hash index, which
 * finds every row of a key wherever it stands, so a cold worker need not compare 100,000 keys first.
 */
export function parseKeyTables(value: unknown, rowCount: number): Record<KeyKind, KeyTable> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Partial<Record<string, unknown>>;
  if (record.rowCount !== rowCount || record.chunkRows !== CHUNK_ROWS) return undefined;
  const tables = {} as Record<KeyKind, KeyTable>;
  for (const kind of KEY_KINDS) {
    const stored = record[kind] as Partial<Record<keyof KeyTable | 'gaps', unknown>> | undefined;
    if (!stored || typeof stored.text !== 'string' || !(stored.ends instanceof Int32Array)) return undefined;
    const rows = storedRows(stored, rowCount);
    if (!rows) return undefined;
    const { text, ends } = stored as Pick<KeyTable, 'text' | 'ends'>;
    if (ends.length !== rows.length || ends.length > rowCount || (ends.length > 0 && ends[ends.length - 1] !== text.length)) return undefined;
    if (!ascendingFromZero(ends)) return undefined;
    tables[kind] = { text, ends, rows };
  }
  return tables;
}

/** Every key of a table, in order (tests, the bench). */
export function tableKeys(table: KeyTable): string[] {
  return Array.from(table.ends, (end, i) => table.text.slice(i === 0 ? 0 : table.ends[i - 1]!, end));
}

/** How many rows chunk `chunk` of a generation holds. */
export function rowsInChunk(chunk: number, rowCount: number, chunkRows: number = CHUNK_ROWS): number {
  return Math.max(0, Math.min(chunkRows, rowCount - chunk * chunkRows));
}

/** The key range holding every chunk of one generation. */
export function chunkRange(generation: string): IDBKeyRange {
  return IDBKeyRange.bound([generation, -Infinity], [generation, Infinity]);
}
