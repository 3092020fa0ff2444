import type { GuardDb, StoredMailbox } from './db';

/**
 * The background's in-memory copy of live report generations, so repeated checks do not pay one
 * IndexedDB request per key (about 0.1 ms each in Chromium: ~1 s for a 10,000-row upload).
 *
 * Memory is only a cache: IndexedDB stays the source of truth. A snapshot is keyed by generation id,
 * and a generation's rows never change once a report points at it (imports write a new generation,
 * deletes remove the report with its rows in one transaction). lookupMailboxes reads the reports in
 * its own transaction every time and asks only for generations live there, so a snapshot of a
 * replaced or deleted generation can never answer; the explicit forget/clear calls free memory early.
 */

/** The lookups' kinds of key, named after the IndexedDB indexes they stand in for. */
export type KeyIndexName = 'byLocalId' | 'byEmail' | 'byName' | 'byMobile';

/** The stored field each index is on: the snapshot finds records by exactly what IndexedDB indexes. */
const INDEXED_FIELD: Record<KeyIndexName, keyof StoredMailbox> = {
  byLocalId: 'localId',
  byEmail: 'emailKey',
  byName: 'nameKey',
  byMobile: 'mobileKey',
};

/** A key's records: one position, or several when records share the key. */
type Positions = number | number[];

/**
 * Drop every snapshot after this long without a lookup. Chrome stops an idle worker after 30 s,
 * which frees it anyway; this bounds memory when something else keeps the worker running.
 */
export const LOOKUP_CACHE_IDLE_MS = 5 * 60 * 1000;

/** One generation's records as read from IndexedDB (unchecked: damaged ones are counted by the caller), by key. */
export class GenerationSnapshot {
  private readonly maps = new Map<KeyIndexName, Map<string, Positions>>();

  constructor(
    readonly generation: string,
    private readonly records: readonly unknown[],
  ) {
    // The name map is built only when a lookup sends name keys (the check pipeline sends none).
    for (const index of ['byLocalId', 'byEmail', 'byMobile'] as const) this.mapFor(index);
  }

  get size(): number {
    return this.records.length;
  }

  /**
   * The records matching any of the wanted keys, each once, in key order (as the index reads find
   * them). Only string fields match, as only strings are ever asked of the IndexedDB indexes.
   */
  match(wanted: Record<KeyIndexName, ReadonlySet<string>>): unknown[] {
    const seen = new Set<number>();
    const found: unknown[] = [];
    for (const index of Object.keys(INDEXED_FIELD) as KeyIndexName[]) {
      if (wanted[index].size === 0) continue;
      const map = this.mapFor(index);
      for (const key of wanted[index]) {
        const positions = map.get(key);
        if (positions === undefined) continue;
        for (const position of typeof positions === 'number' ? [positions] : positions) {
          if (seen.has(position)) continue;
          seen.add(position);
          found.push(this.records[position]);
        }
      }
    }
    return found;
  }

  private mapFor(index: KeyIndexName): Map<string, Positions> {
    let map = this.maps.get(index);
    if (map) return map;
    map = new Map();
    const field = INDEXED_FIELD[index];
    this.records.forEach((record, position) => {
      const key = record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[field] : undefined;
      if (typeof key !== 'string' || key === '') return;
      const held = map!.get(key);
      if (held === undefined) map!.set(key, position);
      else if (typeof held === 'number') map!.set(key, [held, position]);
      else held.push(position);
    });
    this.maps.set(index, map);
    return map;
  }
}

/** The snapshots of one open database. */
export class LookupCache {
  private readonly snapshots = new Map<string, Promise<GenerationSnapshot>>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly idleMs: number = LOOKUP_CACHE_IDLE_MS) {}

  /** Whether a snapshot of this generation is held or being read. */
  has(generation: string): boolean {
    return this.snapshots.has(generation);
  }

  /**
   * The generation's snapshot, read with `readRecords` if not yet held. Concurrent callers share one
   * read; a failed read is not kept, so the next lookup tries again.
   */
  snapshot(generation: string, readRecords: () => Promise<unknown[]>): Promise<GenerationSnapshot> {
    this.touch();
    let held = this.snapshots.get(generation);
    if (!held) {
      held = readRecords().then((records) => new GenerationSnapshot(generation, records));
      this.snapshots.set(generation, held);
      held.catch(() => {
        if (this.snapshots.get(generation) === held) this.snapshots.delete(generation);
      });
    }
    return held;
  }

  /** Hold records the caller already has (an import that just made this generation live). */
  hold(generation: string, records: readonly StoredMailbox[]): void {
    this.touch();
    this.snapshots.set(generation, Promise.resolve(new GenerationSnapshot(generation, records)));
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

  /** Generations held or being read (for tests and the bench). */
  generations(): string[] {
    return [...this.snapshots.keys()];
  }

  private touch(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.clear(), this.idleMs);
  }
}

/** One cache per open connection: a reopened database (schema upgrade, browser closed it) starts empty. */
const caches = new WeakMap<GuardDb, LookupCache>();

export function lookupCacheFor(db: GuardDb): LookupCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LookupCache();
    caches.set(db, cache);
  }
  return cache;
}
