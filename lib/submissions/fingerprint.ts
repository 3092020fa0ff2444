/**
 * A content fingerprint of a file's data rows, independent of encoding, delimiter and line endings,
 * so the same rows saved again by Excel are recognised as the same submission.
 * FNV-1a (two 32-bit lanes): fast and synchronous; this is for recognition, not security.
 */
export function fingerprintRows(rows: readonly (readonly string[])[]): string {
  return fingerprintTable(rows, false).fingerprint;
}

/** The running hash lanes: the file's two, then the row's two. */
const FILE_A = 0;
const FILE_B = 1;
const ROW_A = 2;
const ROW_B = 3;
const LANES = 4;

/** The file's fingerprint and, when asked, each row's own (rowHash), in one pass over the values. */
export function fingerprintTable(rows: readonly (readonly string[])[], eachRow = true): { fingerprint: string; rowHashes: RowHashes } {
  const running = new Int32Array(LANES);
  running[FILE_A] = 0x811c9dc5;
  running[FILE_B] = 0x01000193 ^ rows.length;
  const lanes = new Uint32Array(eachRow ? rows.length * 2 : 0);
  for (let r = 0; r < rows.length; r++) {
    hashRow(rows[r]!, running);
    if (eachRow) {
      lanes[r * 2] = running[ROW_A]!;
      lanes[r * 2 + 1] = running[ROW_B]!;
    }
  }
  return { fingerprint: hex(running[FILE_A]!, running[FILE_B]!), rowHashes: new RowHashes(lanes) };
}

/**
 * One row into the file's lanes, and the row's own hash (fingerprintRows([row]): the same lanes, started
 * afresh for a file of one row) into its lanes. A function per row, not one loop over the file: called
 * thousands of times, it is optimised by its calls (the check rehearsal's included) and keeps that code,
 * where a single long loop is optimised afresh, part way through, at every check.
 */
function hashRow(values: readonly string[], running: Int32Array): void {
  let a = running[FILE_A]!;
  let b = running[FILE_B]!;
  let ra = 0x811c9dc5;
  let rb = 0x01000193 ^ 1;
  // Indexed loops: this runs over every character of the file.
  for (let j = 0; j < values.length; j++) {
    // The value as trim() leaves it, without making it: a file has a value per column per row.
    const v = values[j]!;
    let start = 0;
    let end = v.length;
    while (start < end && isTrimmed(v.charCodeAt(start))) start++;
    while (end > start && isTrimmed(v.charCodeAt(end - 1))) end--;
    for (let i = start; i < end; i++) {
      const c = v.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      ra = Math.imul(ra ^ c, 0x01000193);
      rb = Math.imul(rb ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ 0x1f, 0x01000193); // unit separator between values
    b = Math.imul(b ^ 0x1f, 0x5bd1e995);
    ra = Math.imul(ra ^ 0x1f, 0x01000193);
    rb = Math.imul(rb ^ 0x1f, 0x5bd1e995);
  }
  running[FILE_A] = Math.imul(a ^ 0x1e, 0x01000193); // record separator between rows
  running[FILE_B] = Math.imul(b ^ 0x1e, 0x5bd1e995);
  running[ROW_A] = Math.imul(ra ^ 0x1e, 0x01000193);
  running[ROW_B] = Math.imul(rb ^ 0x1e, 0x5bd1e995);
}

/** Whether String.prototype.trim removes this character code (ECMAScript's WhiteSpace and LineTerminator). */
export function isTrimmed(c: number): boolean {
  if (c > 0x20 && c < 0x7f) return false; // printable ASCII, the usual case
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The character codes of 0-9a-f. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/**
 * Two 32-bit lanes as 16 lowercase hex digits (what `toString(16)` padded to 8 each gives). Written out
 * digit by digit: an upload slot for 50,000 rows writes out most rows' hashes, and `toString(16)`, a
 * general radix conversion, took about 0.9 µs a hash. One call with the 16 codes as arguments: filling
 * an array in a loop and passing it with apply took 4x as long (10-13 ms for 50,000 against 2-3).
 */
function hex(a: number, b: number): string {
  const d = HEX_DIGITS;
  return String.fromCharCode(
    d[(a >>> 28) & 15]!,
    d[(a >>> 24) & 15]!,
    d[(a >>> 20) & 15]!,
    d[(a >>> 16) & 15]!,
    d[(a >>> 12) & 15]!,
    d[(a >>> 8) & 15]!,
    d[(a >>> 4) & 15]!,
    d[a & 15]!,
    d[(b >>> 28) & 15]!,
    d[(b >>> 24) & 15]!,
    d[(b >>> 20) & 15]!,
    d[(b >>> 16) & 15]!,
    d[(b >>> 12) & 15]!,
    d[(b >>> 8) & 15]!,
    d[(b >>> 4) & 15]!,
    d[b & 15]!,
  );
}

/**
 * Recorded row hashes as a set to look a file's rows up in by their lanes (RowHashes), without writing
 * out any row's hash: an earlier upload of 50,000 rows records about as many, and a check looks up
 * every row of the file against them. Open addressing over the two 32-bit lanes, at most half full. A
 * recorded text that is not a row hash (16 lowercase hex digits) matches no row, so it is left out.
 */
export class HashSet {
  /** Slot i holds the lanes lanes[2i] and lanes[2i + 1] when filled[i] is 1. */
  private readonly lanes: Uint32Array;
  private readonly filled: Uint8Array;
  private readonly mask: number;
  /** Distinct row hashes held. */
  readonly size: number;

  constructor(hashes: readonly string[]) {
    let slots = 16;
    while (slots < hashes.length * 2) slots *= 2;
    this.lanes = new Uint32Array(slots * 2);
    this.filled = new Uint8Array(slots);
    this.mask = slots - 1;
    let size = 0;
    for (const text of hashes) {
      const a = laneOf(text, 0);
      const b = laneOf(text, 8);
      if (a === -1 || b === -1 || text.length !== 16) continue;
      const slot = this.slotOf(a, b);
      if (this.filled[slot] === 1) continue;
      this.filled[slot] = 1;
      this.lanes[slot * 2] = a;
      this.lanes[slot * 2 + 1] = b;
      size++;
    }
    this.size = size;
  }

  has(hash: string): boolean {
    const a = laneOf(hash, 0);
    const b = laneOf(hash, 8);
    return a !== -1 && b !== -1 && hash.length === 16 && this.filled[this.slotOf(a, b)] === 1;
  }

  /** Whether row `row` of `hashes` is in the set. */
  hasRow(hashes: RowHashes, row: number): boolean {
    return this.filled[this.slotOf(hashes.firstHalf(row), hashes.secondHalf(row))] === 1;
  }

  /** The slot holding these lanes, or the empty slot where they would go. */
  private slotOf(a: number, b: number): number {
    let slot = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    while (this.filled[slot] === 1 && (this.lanes[slot * 2] !== a || this.lanes[slot * 2 + 1] !== b)) slot = (slot + 1) & this.mask;
    return slot;
  }
}

/** The 32-bit lane written as text[from, from + 8) in lowercase hex (as hex() writes it), or -1. */
function laneOf(text: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 8; i++) {
    const c = text.charCodeAt(i);
    // Past the end charCodeAt gives NaN, which is in neither range.
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Each row's rowHash, kept as numbers: most are never needed as text. */
export class RowHashes {
  constructor(private readonly lanes: Uint32Array) {}

  get count(): number {
    return this.lanes.length / 2;
  }

  firstHalf(row: number): number {
    return this.lanes[row * 2]!;
  }

  secondHalf(row: number): number {
    return this.lanes[row * 2 + 1]!;
  }

  /** rowHash of the row, as text. */
  get(row: number): string {
    return hex(this.lanes[row * 2]!, this.lanes[row * 2 + 1]!);
  }
}
