import type { SortedKeyTable } from './generation-layout';

/**
 * A hash index over one key table, built in the worker's memory: a lookup hashes the asked key and
 * compares it with the one key of the table that has the same hash, where a binary search over 100,000
 * keys compared it with seventeen (a 10,000-row check asks for 30,000 keys).
 *
 * It does not rely on the table's order: each distinct key has one slot of an open-addressing table,
 * and the other rows with that key are chained to it in table order. So a cold worker builds it from
 * the table exactly as read, without first checking that 100,000 keys are sorted, and a table stored
 * out of order still finds every row. Typed arrays only: about 2.5 MB per kind of key for 100,000
 * rows, and four objects for the garbage collector to trace. Built only for the kinds a check asks for.
 */
export class KeyHashIndex {
  /** Slot → 1 + the table position of the first key with that slot ('0' = empty). */
  private readonly slots: Int32Array;
  /** Slot → the hash of its key: most probes that land on another key end here, without reading its text. */
  private readonly hashes: Int32Array;
  /** Table position → 1 + the next position holding the same key ('0' = the last one). */
  private readonly next: Int32Array;
  private readonly mask: number;

  constructor(private readonly table: SortedKeyTable) {
    const { text, ends } = table;
    const count = ends.length;
    let size = 16;
    // At most half full, so a probe sequence stays short.
    while (size < count * 2) size *= 2;
    this.mask = size - 1;
    const slots = (this.slots = new Int32Array(size));
    const hashes = (this.hashes = new Int32Array(size));
    const next = (this.next = new Int32Array(count));
    // While building only: slot → 1 + the last position chained to it, so each repeat is added in one step.
    const last = new Int32Array(size);
    let start = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i]!;
      const hash = hashText(text, start, end);
      let slot = hash & this.mask;
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
        slot = (slot + 1) & this.mask;
      }
      start = end;
    }
  }

  /** Rows whose key equals `key`, in the table's order (for a sorted table, the same rows in the same order as rowsWithKey). */
  rowsWithKey(key: string, into: (row: number) => void): void {
    const { text, ends, rows } = this.table;
    const hash = hashText(key, 0, key.length);
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const first = this.slots[slot]! - 1;
      if (this.hashes[slot] !== hash || !sameText(text, keyStart(ends, first), ends[first]!, key, 0, key.length)) continue;
      for (let at = first + 1; at !== 0; at = this.next[at - 1]!) into(rows[at - 1]!);
      return;
    }
  }
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

/** FNV-1a over UTF-16 code units of text[start, end), as a signed 32-bit integer (what an Int32Array holds). */
function hashText(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let c = start; c < end; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
  return hash | 0;
}
