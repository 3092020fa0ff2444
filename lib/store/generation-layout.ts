import type { Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, mobileKey, nameKey } from '../portal/normalize';
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

/** Rows `chunk × chunkRows` onwards of one generation: their stored texts joined by newlines. */
export interface StoredChunk {
  generation: string;
  chunk: number;
  rows: string;
}

/**
 * One kind of key of every row that has one, sorted, each with its row's position (its place in the
 * chunks): the keys concatenated in one string, `ends[i]` where key i ends. Sorted, a lookup is a
 * binary search; as one string and two typed arrays, a cold worker uses the table exactly as read
 * (nothing parsed or built) and the garbage collector has three objects to trace, not 100,000.
 */
export interface SortedKeyTable {
  text: string;
  ends: Int32Array;
  rows: Int32Array;
}

/** One generation's key tables, one record. */
export interface StoredKeyTables extends Record<KeyKind, SortedKeyTable> {
  generation: string;
  rowCount: number;
  chunkRows: number;
}

/** Sort one kind of key (one per row, '' for none) into a table, in code-unit order as `<` compares. */
export function sortKeyTable(keysByRow: readonly string[]): SortedKeyTable {
  const order: number[] = [];
  for (let row = 0; row < keysByRow.length; row++) if (keysByRow[row] !== '') order.push(row);
  order.sort((a, b) => {
    const ka = keysByRow[a]!;
    const kb = keysByRow[b]!;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
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

/** Compare key i of a table with `key` (as `<` would compare the two strings), without cutting it out. */
function compareKey(table: SortedKeyTable, i: number, key: string): number {
  const start = i === 0 ? 0 : table.ends[i - 1]!;
  return compareText(table.text, start, table.ends[i]! - start, key, 0, key.length);
}

function compareText(a: string, aStart: number, aLength: number, b: string, bStart: number, bLength: number): number {
  const shared = Math.min(aLength, bLength);
  for (let c = 0; c < shared; c++) {
    const diff = a.charCodeAt(aStart + c) - b.charCodeAt(bStart + c);
    if (diff !== 0) return diff;
  }
  return aLength - bLength;
}

/** Rows whose key equals `key` (binary search for the first, then every equal one after it). */
export function rowsWithKey(table: SortedKeyTable, key: string, into: (row: number) => void): void {
  const count = table.ends.length;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKey(table, mid, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < count && compareKey(table, i, key) === 0; i++) into(table.rows[i]!);
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
  private readonly sorted: Partial<Record<KeyKind, SortedKeyTable>> = {};
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

  /** The last chunks (including a partial one) and the key tables, sorted (kept for sortedTables()). */
  finish(): { chunks: StoredChunk[]; keyTables: StoredKeyTables } {
    if (this.pending.length > 0) this.close();
    const keyTables = { generation: this.generation, rowCount: this.rowCount, chunkRows: this.chunkRows } as StoredKeyTables;
    for (const kind of KEY_KINDS) keyTables[kind] = this.sorted[kind] = sortKeyTable(this.keys[kind]);
    return { chunks: this.takeChunks(), keyTables };
  }

  /** The sorted key tables, once finish() has run (what the lookup cache holds). */
  sortedTables(): Partial<Record<KeyKind, SortedKeyTable>> {
    return this.sorted;
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

/** The key tables of a stored record, or undefined when the record is damaged (anything unsorted or out of range). */
export function parseKeyTables(value: unknown, rowCount: number): Record<KeyKind, SortedKeyTable> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Partial<Record<string, unknown>>;
  if (record.rowCount !== rowCount || record.chunkRows !== CHUNK_ROWS) return undefined;
  const tables = {} as Record<KeyKind, SortedKeyTable>;
  for (const kind of KEY_KINDS) {
    const table = record[kind] as Partial<SortedKeyTable> | undefined;
    if (!table || typeof table.text !== 'string' || !(table.ends instanceof Int32Array) || !(table.rows instanceof Int32Array)) return undefined;
    const { text, ends, rows } = table as SortedKeyTable;
    if (ends.length !== rows.length || ends.length > rowCount || (ends.length > 0 && ends[ends.length - 1] !== text.length)) return undefined;
    let previous = 0;
    for (let i = 0; i < ends.length; i++) {
      const start = i === 0 ? 0 : ends[i - 1]!;
      if (ends[i]! < start || rows[i]! < 0 || rows[i]! >= rowCount) return undefined;
      // Sorted, or a binary search would miss keys: one pass, comparing each key with the one before.
      if (i > 0 && compareText(text, previous, start - previous, text, start, ends[i]! - start) > 0) return undefined;
      previous = start;
    }
    tables[kind] = table as SortedKeyTable;
  }
  return tables;
}

/** Every key of a table, in order (tests, the bench). */
export function tableKeys(table: SortedKeyTable): string[] {
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
