import { keyHash } from '../portal/key-hash';

/**
 * Keys (normalised, non-empty) as a set looked up by their keyHash first: a lookup that misses reads
 * only numbers, never the asked key's text. The search of an earlier upload asks it for every row of
 * the file, most of which it does not hold; the file's keys were hashed as they were made (UploadKeys).
 * Open addressing over the hashes, at most half full; the texts are compared only when hashes match.
 */
export class HashedKeySet {
  /** Slot → 1 + the index in `keys` of the key held there (0: empty). */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly keys: string[] = [];
  private readonly mask: number;

  constructor(keys: Iterable<string>) {
    const distinct = new Set(keys);
    distinct.delete('');
    let size = 16;
    while (size < distinct.size * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (const key of distinct) {
      const hash = keyHash(key);
      let slot = hash & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys.push(key);
      this.slots[slot] = this.keys.length;
      this.hashes[slot] = hash;
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Whether `key` is held; `hash` is keyHash(key). '' is never held. */
  has(key: string, hash: number): boolean {
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.hashes[slot] === hash && this.keys[this.slots[slot]! - 1] === key) return true;
    }
    return false;
  }
}
