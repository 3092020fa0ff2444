import { keyHash } from '../portal/key-hash';

/**
 * Keys (normalised; '' is never held) as a set looked up by their keyHash first: a lookup that misses
 * reads only numbers, never the asked key's text. The search of an earlier upload asks it for every row
 * of the file, most of which it does not hold; an upload's keys were hashed as they were made
 * (UploadKeys), and its rows that share a local ID are found with one of these (firstIndexes).
 * Open addressing over the hashes, at most half full; the texts are compared only when hashes match.
 */
export class HashedKeySet {
  /** For each key given, the index of the first key equal to it (its own, for the first), or -1 for ''. */
  readonly firstIndexes: Int32Array;
  /** Slot → 1 + the index in `keys` of the first key held there (0: empty). */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private distinct = 0;

  /** `keyHashes`: keyHash of each key, when the caller made them already. */
  constructor(
    private readonly keys: readonly string[],
    keyHashes: Int32Array = Int32Array.from(keys, (key) => keyHash(key)),
  ) {
    let size = 16;
    while (size < keys.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    this.firstIndexes = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) this.firstIndexes[i] = keys[i] === '' ? -1 : this.firstOrAdd(i, keyHashes[i]!);
  }

  get size(): number {
    return this.distinct;
  }

  /** Whether `key` is held; `hash` is keyHash(key). */
  has(key: string, hash: number): boolean {
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.hashes[slot] === hash && this.keys[this.slots[slot]! - 1] === key) return true;
    }
    return false;
  }

  /** The index of the first key equal to keys[i], placing keys[i] if it is the first. */
  private firstOrAdd(i: number, hash: number): number {
    const key = this.keys[i]!;
    let slot = hash & this.mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) {
        this.slots[slot] = i + 1;
        this.hashes[slot] = hash;
        this.distinct++;
        return i;
      }
      if (this.hashes[slot] === hash && this.keys[held - 1] === key) return held - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
