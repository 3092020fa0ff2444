import type { Mailbox } from '../portal/mailbox';
import { CHUNK_ROWS, KEY_KINDS, rowsInChunk, type KeyKind, type KeyTable } from './generation-layout';
import { KeyHashIndex } from './key-hash-index';
import { decodeRow } from './stored-rows';

/**
 * The background's in-memory index of live report generations: the generation's key tables, exactly
 * as read (one small read), a hash index over each kind a lookup asked for, and the row chunks read so far (kept as text; a row becomes a Mailbox only when a lookup finds it).
 *
 * Memory is only a cache: IndexedDB stays the source of truth. A snapshot is keyed by generation id,
 * and a generation's rows never change once a report points at it (imports write a new generation,
 * deletes remove the report with its rows in one transaction). lookupMailboxes reads the reports
 * every time and asks only for generations live there, so a snapshot of a replaced or deleted
 * generation can never answer; the explicit forget/clear calls free memory early.
 */

/** Asked keys of each kind, already normalised; blanks and repeats allowed (they add nothing). */
export type WantedKeys = Record<KeyKind, readonly string[]>;

/** keyHash of each wanted key of some kinds, aligned with WantedKeys (see LookupKeys.keyHashes). */
export type WantedKeyHashes = Partial<Record<KeyKind, Int32Array>>;

/** What one generation answers for a lookup (GenerationSnapshot.find). */
export interface FoundRows {
  /** Positions of the rows matching any wanted key, each once, in the order the keys were asked (kind by kind, in KEY_KINDS order). */
  positions: number[];
  /** For each kind asked, which found rows each asked key matched. */
  byKey: Partial<Record<KeyKind, KeyRows>>;
}

/**
 * The rows each asked key of one kind matched: for asked key i, `found[from[i]]` up to `found[to[i] - 1]`,
 * each an index into FoundRows.positions, ascending (the order `positions` found them in); an empty
 * range when it matched none. A key asked again has the same range as the first time.
 */
export interface KeyRows {
  from: Int32Array;
  to: Int32Array;
  found: number[];
}

/**
 * Drop every snapshot after this long without a lookup. Chrome stops an idle worker after 30 s,
 * which frees it anyway; this bounds memory when something else keeps the worker running.
 */
export const LOOKUP_CACHE_IDLE_MS = 5 * 60 * 1000;

/**
 * Most decoded mailboxes a snapshot holds (about 0.5 KB each with their cached name keys): a 50,000-row
 * upload's worth (each row usually finds one mailbox), without holding a whole 100,000-row report as
 * objects. The check kept for the tab holds the same objects, so holding them costs little: measured at
 * 50,000 rows (alternated pairs), 60,000 held against 20,000 took the warm lookup from 157–218 ms to
 * 59–89 ms, and the worker's heap after the check was 85.9 MB against 93.0.
 */
export const DECODED_HELD = 60_000;

/** What a snapshot holds ready for the next lookup (the e2e build marks it; tests read it). */
export interface SnapshotReadiness {
  generation: string;
  /** The kinds whose hash index is built or taken as stored. */
  indexedKinds: KeyKind[];
  /** Chunks held (read, or known damaged) of chunkCount. */
  chunksHeld: number;
  chunkCount: number;
}

/** One generation: its key tables and the chunks read so far. */
export class GenerationSnapshot {
  /**
   * Each chunk once read: its text and where each row starts (one string and one typed array, not a
   * string per row, so the garbage collector has little to trace); null for a chunk that is missing
   * or damaged (its rows are skipped).
   */
  private readonly chunks: ({ text: string; starts: Int32Array } | null | undefined)[];
  /** Each kind's hash index, built from its table when a lookup first asks for that kind. */
  private readonly hashed: Partial<Record<KeyKind, KeyHashIndex>> = {};
  private storedIndexes: Partial<Record<KeyKind, unknown>> = {};
  /**
   * Mailboxes already decoded, by position, up to DECODED_HELD of them: the next check finds the same
   * objects, so it neither decodes them again nor recomputes what the checks cache per mailbox (its
   * name keys), and leaves the garbage collector little new to trace.
   */
  private readonly decoded = new Map<number, Mailbox>();
  private reading: Promise<void> | undefined;

  /**
   * `tables`: each kind's key table. `unreadableRows`: rows whose keys could not be known
   * (a damaged chunk met while rebuilding damaged key tables); every lookup counts them as skipped.
   */
  constructor(
    readonly generation: string,
    readonly orgId: string,
    readonly rowCount: number,
    private readonly tables: Partial<Record<KeyKind, KeyTable>>,
    readonly unreadableRows = 0,
    readonly chunkRows = CHUNK_ROWS,
  ) {
    this.chunks = new Array(Math.ceil(rowCount / chunkRows));
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /**
   * The rows matching any wanted key, and which of them each asked key matched. A key asked again
   * (a placeholder local ID on thousands of rows) is answered from the first time it was asked.
   * `hashes`: the keys' hashes, for the kinds the asker made them.
   */
  find(wanted: WantedKeys, hashes: WantedKeyHashes = {}): FoundRows {
    // 1 + each found row's place in `positions` (0: not found yet): cheaper than a Set when a check finds thousands.
    const ordinal = new Int32Array(this.rowCount);
    const positions: number[] = [];
    const byKey: Partial<Record<KeyKind, KeyRows>> = {};
    for (const kind of KEY_KINDS) {
      const table = this.tables[kind];
      const keys = wanted[kind];
      if (keys.length === 0 || !table) continue;
      const index = this.hashIndex(kind, table);
      const keyHashes = hashes[kind];
      const rows = table.rows;
      const from = new Int32Array(keys.length);
      const to = new Int32Array(keys.length);
      const found: number[] = [];
      // The table position a key's rows start at → 1 + the asked key that found them first.
      const askedBy = new Int32Array(rows.length);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key === '') continue;
        const first = keyHashes ? index.firstWithKey(key, keyHashes[i]) : index.firstWithKey(key);
        if (first === -1) continue;
        const earlier = askedBy[first]!;
        if (earlier !== 0) {
          from[i] = from[earlier - 1]!;
          to[i] = to[earlier - 1]!;
          continue;
        }
        askedBy[first] = i + 1;
        const start = found.length;
        for (let at = first; at !== -1; at = index.nextWithKey(at)) {
          const position = rows[at]!;
          let n = ordinal[position]!;
          if (n === 0) {
            positions.push(position);
            n = ordinal[position] = positions.length;
          }
          found.push(n - 1);
        }
        from[i] = start;
        to[i] = found.length > start + 1 ? inFoundOrder(found, start) : found.length;
      }
      byKey[kind] = { from, to, found };
    }
    return { positions, byKey };
  }

  /** Build the hash indexes of these kinds now (prepareLookup: while a check's file is still being read). */
  buildIndexes(kinds: readonly KeyKind[]): void {
    for (const kind of kinds) {
      const table = this.tables[kind];
      if (table) this.hashIndex(kind, table);
    }
  }

  /**
   * Hash indexes as stored with the key tables (unchecked): each is checked on first use of its kind,
   * and built from the table instead if it is missing or not well formed.
   */
  offerStoredIndexes(stored: unknown): void {
    if (stored !== null && typeof stored === 'object') this.storedIndexes = stored as Partial<Record<KeyKind, unknown>>;
  }

  /** A kind's hash index on first use, cold or warm: as stored, or else built (less than one cold lookup's binary searches cost). */
  private hashIndex(kind: KeyKind, table: KeyTable): KeyHashIndex {
    return (this.hashed[kind] ??= KeyHashIndex.fromStored(table, this.storedIndexes[kind]) ?? new KeyHashIndex(table));
  }

  /** What this snapshot has ready: indexes built, chunks held. */
  readiness(): SnapshotReadiness {
    let chunksHeld = 0;
    for (let chunk = 0; chunk < this.chunks.length; chunk++) if (this.chunks[chunk] !== undefined) chunksHeld++;
    const indexedKinds = KEY_KINDS.filter((kind) => this.hashed[kind] !== undefined);
    return { generation: this.generation, indexedKinds, chunksHeld, chunkCount: this.chunks.length };
  }

  /** Every chunk being read ahead of a lookup (prepareLookup), if any: a lookup waits for it rather than read them twice. */
  get readingAll(): Promise<void> | undefined {
    return this.reading;
  }

  /** Read every chunk not read yet with `read` (once: a second call while it runs finds it running). Never rejects. */
  readAllAhead(read: () => Promise<void>): Promise<void> {
    // A plain loop: the array starts with holes, which every() would skip.
    let unread = false;
    for (let chunk = 0; chunk < this.chunks.length && !unread; chunk++) unread = this.chunks[chunk] === undefined;
    if (!unread) return Promise.resolve();
    return (this.reading ??= read().catch(() => {
      // The lookup that follows reads what it needs and meets the error itself.
      this.reading = undefined;
    }));
  }

  /** The chunks holding these rows that have not been read yet, in order. */
  chunksToRead(positions: readonly number[]): number[] {
    // One byte per chunk, then read in order: no Set to fill and sort for 10,000 positions.
    const wanted = new Uint8Array(this.chunks.length);
    for (const position of positions) wanted[Math.floor(position / this.chunkRows)] = 1;
    const chunks: number[] = [];
    for (let chunk = 0; chunk < wanted.length; chunk++) if (wanted[chunk] === 1 && this.chunks[chunk] === undefined) chunks.push(chunk);
    return chunks;
  }

  /** Keep a chunk as read from IndexedDB (anything but the expected rows counts as damaged). */
  holdChunk(chunk: number, record: unknown): void {
    if (chunk < 0 || chunk >= this.chunks.length || !Number.isInteger(chunk)) return;
    const text = record !== null && typeof record === 'object' ? (record as { rows?: unknown }).rows : undefined;
    this.chunks[chunk] = null;
    if (typeof text !== 'string') return;
    const count = rowsInChunk(chunk, this.rowCount, this.chunkRows);
    // Row i runs from starts[i] to the newline before starts[i + 1] (the last row to the end).
    const starts = new Int32Array(count + 1);
    let found = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
      if (found >= count) return;
      starts[found++] = at + 1;
    }
    if (found !== count) return;
    starts[count] = text.length + 1;
    this.chunks[chunk] = { text, starts };
  }

  /**
   * The mailbox at a position, or undefined when its row or chunk is damaged. Its chunk must have been
   * read. The same position gives the same object while it is held: callers must not change it.
   */
  mailboxAt(position: number): Mailbox | undefined {
    const held = this.decoded.get(position);
    if (held) return held;
    const chunk = this.chunks[Math.floor(position / this.chunkRows)];
    if (!chunk) return undefined;
    const row = position % this.chunkRows;
    const mailbox = decodeRow(chunk.text.slice(chunk.starts[row], chunk.starts[row + 1]! - 1), this.orgId);
    if (mailbox && this.decoded.size < DECODED_HELD) this.decoded.set(position, mailbox);
    return mailbox;
  }
}

/**
 * The snapshots of the worker's database: built once by entrypoints/background.ts and passed by name to
 * the lookups, the import (which warms it), and whatever deletes reports (which frees it). The
 * connection clears it when it closes, so a reopened database (schema upgrade) starts empty.
 */
export class LookupCache {
  private readonly snapshots = new Map<string, Promise<GenerationSnapshot>>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly idleMs: number = LOOKUP_CACHE_IDLE_MS) {}

  /** Whether a snapshot of this generation is held or being read. */
  has(generation: string): boolean {
    return this.snapshots.has(generation);
  }

  /**
   * The generation's snapshot, built with `load` if not yet held. Concurrent callers share one
   * read; a failed read is not kept, so the next lookup tries again.
   */
  snapshot(generation: string, load: () => Promise<GenerationSnapshot>): Promise<GenerationSnapshot> {
    this.touch();
    let held = this.snapshots.get(generation);
    if (!held) {
      held = load();
      this.snapshots.set(generation, held);
      held.catch(() => {
        if (this.snapshots.get(generation) === held) this.snapshots.delete(generation);
      });
    }
    return held;
  }

  /** Hold a snapshot the caller built (an import that just made this generation live). */
  hold(snapshot: GenerationSnapshot): void {
    this.touch();
    this.snapshots.set(snapshot.generation, Promise.resolve(snapshot));
  }

  /** Drop every snapshot whose generation is not in `live` (the reports just read from IndexedDB). */
  keepOnly(live: ReadonlySet<string>): void {
    for (const generation of this.snapshots.keys()) if (!live.has(generation)) this.snapshots.delete(generation);
  }

  forget(generation: string): void {
    this.snapshots.delete(generation);
  }

  clear(): void {
    this.snapshots.clear();
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** What each snapshot held has ready (those still being read or failed are left out). */
  async readiness(): Promise<SnapshotReadiness[]> {
    const settled = await Promise.allSettled(this.snapshots.values());
    return settled.flatMap((held) => (held.status === 'fulfilled' ? [held.value.readiness()] : []));
  }

  /** Generations held or being read (for tests and the bench). */
  generations(): string[] {
    return [...this.snapshots.keys()];
  }

  private touch(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.clear(), this.idleMs);
  }
}

/**
 * Puts found[start..] (one key's rows, in table order) in the order they were found, once each (a
 * damaged table could list a row twice), and returns where the range now ends.
 */
function inFoundOrder(found: number[], start: number): number {
  const sorted = found.slice(start).sort((a, b) => a - b);
  let end = start;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) found[end++] = sorted[i]!;
  found.length = end;
  return end;
}
