import { keyHash } from '../portal/key-hash';
import type { KeyTable } from './generation-layout';

/** An index's arrays, as built in memory (see KeyHashIndex). */
export interface HashIndexParts {
  slots: Int32Array;
  hashes: Int32Array;
  next: Int32Array;
  /** tableShape() of the table it was built over: a table rewritten since (reordered, cut) is indexed afresh. */
  shape: number;
}

/**
 * An index's arrays as stored with its key table: `next` in full, or, when few keys repeat (local IDs
 * and emails hardly ever do), only its links as `links` (pairs of a position and its `next` value).
 * A cold worker reads the record whole before its first lookup, at several milliseconds per megabyte,
 * and `next` is as long as the table: 400 KB of zeros per kind for a 100,000-row report.
 */
export type StoredHashIndex = Omit<HashIndexParts, 'next'> & ({ next: Int32Array } | { links: Int32Array });

/**
 * A hash index over one key table, built in the worker's memory: a lookup hashes the asked key and
 * compares it with the one key of the table that has the same hash, where a binary search over 100,000
 * keys compared it with seventeen (a 10,000-row check asks for 30,000 keys).
 *
 * It does not rely on the table's order: each distinct key has one slot of an open-addressing table,
 * and the other rows with that key are chained to it in table order. So a cold worker builds it from
 * the table exactly as read, in one pass, and finds every row whatever the table's order. Typed arrays
 * only: about 1.5 MB per kind of key for 100,000 rows, and four objects for the garbage collector to
 * trace. The import builds it and stores its arrays with the key tables, so a cold worker reads it in
 * the same small read instead of building it (hashing 100,000 keys per kind); a record without it (an
 * older import, or the name kind, which checks never ask for) is indexed on first use.
 */
export class KeyHashIndex {
  /** Slot → 1 + the table position of the first key with that slot ('0' = empty). */
  private readonly slots: Int32Array;
  /** Slot → the hash of its key: most probes that land on another key end here, without reading its text. */
  private readonly hashes: Int32Array;
  /** Table position → 1 + the next position holding the same key ('0' = the last one). */
  private readonly next: Int32Array;
  private readonly mask: number;

  /** `parts`: the arrays of an index of this table, as stored (see fromStored); built from the table when unset. */
  constructor(
    private readonly table: KeyTable,
    parts: HashIndexParts = buildParts(table),
  ) {
    ({ slots: this.slots, hashes: this.hashes, next: this.next } = parts);
    this.mask = this.slots.length - 1;
  }

  /**
   * The index stored with a key table (written at import), or undefined when it is missing or not
   * well formed (the caller builds it instead). Well formed: built over a table of this shape, sizes
   * as built, every table position in exactly one chain, and every link pointing further down the
   * table, so no lookup can loop.
   */
  static fromStored(table: KeyTable, value: unknown): KeyHashIndex | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    const { slots, hashes, shape } = value as Partial<HashIndexParts>;
    if (!(slots instanceof Int32Array) || !(hashes instanceof Int32Array)) return undefined;
    const count = table.ends.length;
    const next = storedNext(value as { next?: unknown; links?: unknown }, count);
    if (!next) return undefined;
    // As built now, or twice that: imports before December 2026 built tables at most half full.
    const size = slotCount(count);
    if ((slots.length !== size && slots.length !== size * 2) || hashes.length !== slots.length) return undefined;
    if (shape !== tableShape(table)) return undefined;
    // Every table position is the head of one slot's chain or linked from one earlier position, once.
    const reached = new Uint8Array(count + 1);
    const heads = markHeads(slots, count, reached);
    if (heads < 0) return undefined;
    const linked = markLinks(next, count, reached);
    if (linked < 0) return undefined;
    if (heads + linked !== count) return undefined;
    return new KeyHashIndex(table, { slots, hashes, next, shape });
  }

  /** The arrays to store with the key table, so a cold worker reads the index instead of building it. */
  stored(): StoredHashIndex {
    const { slots, hashes, next } = this;
    const shape = tableShape(this.table);
    let linked = 0;
    for (let i = 0; i < next.length; i++) if (next[i] !== 0) linked++;
    if (linked * 2 >= next.length) return { slots, hashes, next, shape };
    const links = new Int32Array(linked * 2);
    for (let i = 0, at = 0; i < next.length; i++) {
      if (next[i] === 0) continue;
      links[at++] = i;
      links[at++] = next[i]!;
    }
    return { slots, hashes, links, shape };
  }

  /** Rows whose key equals `key`, in the table's order. */
  rowsWithKey(key: string, into: (row: number) => void): void {
    for (let at = this.firstWithKey(key); at !== -1; at = this.nextWithKey(at)) into(this.table.rows[at]!);
  }

  /**
   * The table position of the first key equal to `key`, or -1: the same position for a key asked again.
   * `hash`: keyHash(key), when the caller made it already (a check hashes its keys as it makes them).
   */
  firstWithKey(key: string, hash = keyHash(key)): number {
    const { text, ends } = this.table;
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const first = this.slots[slot]! - 1;
      if (this.hashes[slot] === hash && sameText(text, keyStart(ends, first), ends[first]!, key, 0, key.length)) return first;
    }
    return -1;
  }

  /** The table position of the next key equal to the one at `at`, or -1 after the last. */
  nextWithKey(at: number): number {
    return this.next[at]! - 1;
  }
}

/**
 * `next` of a stored index, `count` long: as stored, or made from its links. Undefined when neither is
 * there, or a link names a position outside the table or one already linked (fromStored checks the rest).
 */
function storedNext(value: { next?: unknown; links?: unknown }, count: number): Int32Array | undefined {
  if (value.next instanceof Int32Array) return value.next.length === count ? value.next : undefined;
  const links = value.links;
  if (!(links instanceof Int32Array) || links.length % 2 !== 0) return undefined;
  const next = new Int32Array(count);
  for (let at = 0; at < links.length; at += 2) {
    const position = links[at]!;
    const to = links[at + 1]!;
    if (position < 0 || position >= count || to === 0 || next[position] !== 0) return undefined;
    next[position] = to;
  }
  return next;
}

/*
 * The checks of a stored index run once in a stopped worker, before the engine has optimised anything.
 * Each is its own small function: in a fresh Chromium page, three 100,000-key indexes were checked in a
 * median of 7 ms this way against 13 ms with both loops inline in fromStored (bench/FINDINGS.md).
 */

/** Marks each slot's first position in `reached`; how many, or -1 when one is out of range or already marked. */
function markHeads(slots: Int32Array, count: number, reached: Uint8Array): number {
  let marked = 0;
  for (let slot = 0; slot < slots.length; slot++) {
    const at = slots[slot]!;
    if (at === 0) continue;
    if (at < 1 || at > count || reached[at] === 1) return -1;
    reached[at] = 1;
    marked++;
  }
  return marked;
}

/**
 * Marks each linked position in `reached`; how many, or -1 when a link is out of range, already marked, or
 * does not point further down the table (each key's rows stay in table order, and no chain loops).
 */
function markLinks(next: Int32Array, count: number, reached: Uint8Array): number {
  let marked = 0;
  for (let i = 0; i < count; i++) {
    const at = next[i]!;
    if (at === 0) continue;
    if (at <= i + 1 || at > count || reached[at] === 1) return -1;
    reached[at] = 1;
    marked++;
  }
  return marked;
}

/** The index's arrays, built from the table in one pass; `size` slots (a power of two; tests build older imports' sizes). */
export function buildParts(table: KeyTable, size = slotCount(table.ends.length)): HashIndexParts {
  const { text, ends } = table;
  const count = ends.length;
  const mask = size - 1;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(size);
  const next = new Int32Array(count);
  // While building only: slot → 1 + the last position chained to it, so each repeat is added in one step.
  const last = new Int32Array(size);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = ends[i]!;
    const hash = keyHash(text, start, end);
    let slot = hash & mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        slots[slot] = i + 1;
        hashes[slot] = hash;
        last[slot] = i + 1;
        break;
      }
      if (hashes[slot] === hash && sameText(text, keyStart(ends, held - 1), ends[held - 1]!, text, start, end)) {
        next[last[slot]! - 1] = i + 1;
        last[slot] = i + 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    start = end;
  }
  return { slots, hashes, next, shape: tableShape(table) };
}

/**
 * A hash of where a table's keys end and which rows they belong to: what a stored index's positions
 * depend on. Its text is not hashed (that is what building costs): a key whose text changed is
 * compared on every probe anyway, so it is missed as a damaged table would miss it either way.
 */
export function tableShape(table: KeyTable): number {
  let hash = Math.imul(0x811c9dc5 ^ table.text.length, 0x01000193);
  for (let i = 0; i < table.ends.length; i++) hash = Math.imul(Math.imul(hash ^ table.ends[i]!, 0x01000193) ^ table.rows[i]!, 0x01000193);
  return hash | 0;
}

/**
 * Slots for `count` keys: a power of two, at most four fifths full. Probes compare stored hashes
 * (integers side by side), so a fuller table costs a lookup little, and half the slots of a table at
 * most half full shortens a cold worker's read of the stored indexes (measured in Chromium, medians of
 * 8 reads: a 100,000-row key tables record with three indexes read in 53 ms against 66).
 */
export function slotCount(count: number): number {
  let size = 16;
  while (size * 4 < count * 5) size *= 2;
  return size;
}

function keyStart(ends: Int32Array, i: number): number {
  return i === 0 ? 0 : ends[i - 1]!;
}

/** Whether a[aStart, aEnd) and b[bStart, bEnd) hold the same code units. */
function sameText(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return false;
  for (let c = 0; c < length; c++) if (a.charCodeAt(aStart + c) !== b.charCodeAt(bStart + c)) return false;
  return true;
}
