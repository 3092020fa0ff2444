import type { SortedKeyTable } from './generation-layout';

/**
 * A hash index over one sorted key table, built in the worker's memory: a lookup hashes the asked key
 * and compares it with one or two keys of the table, where a binary search over 100,000 keys compared
 * it with seventeen (a 10,000-row check asks for 30,000 keys). It is an open-addressing table of
 * typed arrays pointing at the first of each run of equal keys, so it costs about 1 MB per kind of
 * key and the garbage collector has two objects to trace. The stored record stays the sorted table:
 * the index is rebuilt from it in one pass, and only for the kinds a check asks for.
 */
export class KeyHashIndex {
  /** Slot → 1 + the table position of the first key with that hash's run ('0' = empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly table: SortedKeyTable) {
    const { text, ends } = table;
    let size = 16;
    // At most half full, so a probe sequence stays short.
    while (size < ends.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    let previousStart = 0;
    for (let i = 0; i < ends.length; i++) {
      const start = i === 0 ? 0 : ends[i - 1]!;
      // Equal keys are adjacent in a sorted table: only the first of each run gets a slot.
      const repeat = i > 0 && sameText(text, start, ends[i]! - start, text, previousStart, start - previousStart);
      previousStart = start;
      if (repeat) continue;
      let slot = hashText(text, start, ends[i]!) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    }
  }

  /** Rows whose key equals `key`, in the table's order (the same rows, in the same order, as rowsWithKey). */
  rowsWithKey(key: string, into: (row: number) => void): void {
    const { ends, rows } = this.table;
    let slot = hashText(key, 0, key.length) & this.mask;
    for (let held = this.slots[slot]!; held !== 0; held = this.slots[slot]!) {
      const first = held - 1;
      if (keyEquals(this.table, first, key)) {
        into(rows[first]!);
        for (let i = first + 1; i < ends.length && keyEquals(this.table, i, key); i++) into(rows[i]!);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

function keyEquals(table: SortedKeyTable, i: number, key: string): boolean {
  const start = i === 0 ? 0 : table.ends[i - 1]!;
  return sameText(table.text, start, table.ends[i]! - start, key, 0, key.length);
}

function sameText(a: string, aStart: number, aLength: number, b: string, bStart: number, bLength: number): boolean {
  if (aLength !== bLength) return false;
  for (let c = 0; c < aLength; c++) if (a.charCodeAt(aStart + c) !== b.charCodeAt(bStart + c)) return false;
  return true;
}

/** FNV-1a over UTF-16 code units of text[start, end): cheap, and spreads short similar IDs well. */
function hashText(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let c = start; c < end; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
  return hash >>> 0;
}
