import type { KeyMatches, LookupKeys } from '../messaging/reports-protocol';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import { localIdKey } from '../portal/normalize';
import type { GuardDb, StoredReport } from './db';
import {
  CHUNK_ROWS,
  chunkRange,
  KEY_KINDS,
  keysOf,
  parseKeyTables,
  rowsInChunk,
  keyTable,
  type KeyKind,
  type KeyTable,
  type StoredKeyTables,
} from './generation-layout';
import { GenerationSnapshot, type FoundRows, type KeyRows, type LookupCache, type WantedKeyHashes, type WantedKeys } from './lookup-cache';
import { isStoredReport } from './stored-records';

export interface LookupResult {
  mailboxes: Mailbox[];
  /** Which of `mailboxes` each asked local ID, email and mobile found (see KeyMatches). */
  matches: KeyMatches;
  /** The reports the mailboxes came from (every cached report, so the checks can show each one's age). */
  reports: ReportMeta[];
  /** Matching records that were damaged in storage and left out. */
  skippedRecords: number;
}

/** Read every chunk in one request when a lookup needs at least this share of them. */
const READ_ALL_CHUNKS_FROM = 0.5;

/** The report was replaced or deleted while a lookup read it: the lookup starts again from the reports. */
class GenerationGone extends Error {}

/**
 * Every mailbox of the live reports that matches any of the keys, each once. `emails`, `nameKeys` and
 * `mobiles` are already normalised (emailKey, nameKey, mobileKey); local IDs are normalised here with
 * localIdKey. Empty keys match nothing; repeated keys add nothing.
 *
 * Each report is answered from its in-memory index in `cache` (the worker's LookupCache), built on
 * first use from the generation's key tables; only the row chunks holding found rows are then read, once.
 */
export async function lookupMailboxes(db: GuardDb, cache: LookupCache, keys: LookupKeys): Promise<LookupResult> {
  const wanted = wantedKeysOf(keys);
  const hashes = wantedHashesOf(keys);
  const asked = KEY_KINDS.some((kind) => wanted[kind].some(Boolean));
  for (let attempt = 1; ; attempt++) {
    const reports = (await db.getAll('reports')).filter(isStoredReport);
    // The reports just read are the truth: memory for any other generation is stale.
    cache.keepOnly(new Set(reports.map((r) => r.generation)));
    const metas = reports.map(withoutGeneration);
    if (!asked) return { mailboxes: [], matches: noMatches(wanted), reports: metas, skippedRecords: 0 };
    try {
      const answers = await Promise.all(reports.map((report) => lookupInReport(db, cache, report, wanted, hashes)));
      if (answers.length === 1) {
        const [only] = answers as [ReportAnswer];
        return { mailboxes: only.mailboxes, matches: only.matches, reports: metas, skippedRecords: only.skipped };
      }
      const mailboxes: Mailbox[] = [];
      let skippedRecords = 0;
      for (const found of answers) {
        for (const mailbox of found.mailboxes) mailboxes.push(mailbox);
        skippedRecords += found.skipped;
      }
      const matches = matchesPerKind((kind) =>
        joinLists(
          answers.map((a) => a.matches[MATCHES_OF[kind]]),
          wanted[kind].length,
        ),
      );
      return { mailboxes, matches, reports: metas, skippedRecords };
    } catch (error) {
      if (!(error instanceof GenerationGone) || attempt >= 3) throw error;
    }
  }
}

/** The keys as the snapshots compare them. No Sets: a repeated key finds rows already found, and a snapshot answers each row once. */
export function wantedKeysOf(keys: LookupKeys): WantedKeys {
  // Local IDs sent with their hashes are normalised already (the hashes are of their normal form): not again.
  const localIds = keys.keyHashes ? keys.localIds : keys.localIds.map(localIdKey);
  return { localId: localIds, email: keys.emails, name: keys.nameKeys, mobile: keys.mobiles };
}

/** The hashes the asker made of its keys (LookupKeys.keyHashes), by kind; none when it made none. */
export function wantedHashesOf(keys: LookupKeys): WantedKeyHashes {
  const made = keys.keyHashes;
  return made ? { localId: made.localIds, email: made.emails, mobile: made.mobiles } : {};
}

/** One report's answer to a lookup. */
export interface ReportAnswer {
  mailboxes: Mailbox[];
  matches: KeyMatches;
  skipped: number;
}

async function lookupInReport(
  db: GuardDb,
  cache: LookupCache,
  report: StoredReport,
  wanted: WantedKeys,
  hashes: WantedKeyHashes,
): Promise<ReportAnswer> {
  const snapshot = await cache.snapshot(report.generation, () => readSnapshot(db, report));
  const found = snapshot.find(wanted, hashes);
  const { positions } = found;
  // Chunks prepareLookup is reading already: wait for them rather than read them again.
  await snapshot.readingAll;
  const toRead = snapshot.chunksToRead(positions);
  if (toRead.length > 0) await readChunks(db, snapshot, report, toRead);
  return answerFrom(snapshot, found, wanted);
}

/** A snapshot's answer to a lookup, every chunk it needs held (a snapshot built in memory: the worker's check rehearsal). */
export function answerFromSnapshot(snapshot: GenerationSnapshot, wanted: WantedKeys, hashes: WantedKeyHashes = {}): ReportAnswer {
  return answerFrom(snapshot, snapshot.find(wanted, hashes), wanted);
}

/** The found rows' mailboxes, and each asked key's: the chunks holding them have been read. */
function answerFrom(snapshot: GenerationSnapshot, found: FoundRows, wanted: WantedKeys): ReportAnswer {
  const { positions } = found;
  const mailboxes: Mailbox[] = [];
  // Each found row's mailbox, decoded once: every list it is in holds the same object.
  const byFound = new Array<Mailbox | undefined>(positions.length);
  let skipped = snapshot.unreadableRows;
  for (let i = 0; i < positions.length; i++) {
    const mailbox = snapshot.mailboxAt(positions[i]!);
    byFound[i] = mailbox;
    if (mailbox) mailboxes.push(mailbox);
    else skipped++;
  }
  const alone = new Array<readonly Mailbox[]>(positions.length);
  const matches = matchesPerKind((kind) => listsOf(found.byKey[kind], wanted[kind].length, byFound, alone));
  return { mailboxes, matches, skipped };
}

/** The kinds a lookup answers key by key (KeyMatches), and the field of KeyMatches each fills. */
const MATCHES_OF: Readonly<Record<'localId' | 'email' | 'mobile', keyof KeyMatches>> = { localId: 'localIds', email: 'emails', mobile: 'mobiles' };

/** KeyMatches with each kind's lists made by `lists`. */
function matchesPerKind(lists: (kind: keyof typeof MATCHES_OF) => readonly (readonly Mailbox[])[]): KeyMatches {
  return { localIds: lists('localId'), emails: lists('email'), mobiles: lists('mobile') };
}

// Shared by every asked key that matched nothing (never changed).
const NONE: readonly Mailbox[] = [];

/**
 * Each asked key's mailboxes (see KeyMatches), damaged rows left out; a key asked again gets the same list.
 * `alone`: each found mailbox as a list of one, shared by every kind (a row's local ID and email usually find
 * the same one mailbox, and the row analysis never changes a list).
 */
function listsOf(
  rows: KeyRows | undefined,
  asked: number,
  byFound: readonly (Mailbox | undefined)[],
  alone: (readonly Mailbox[])[],
): (readonly Mailbox[])[] {
  const lists = new Array<readonly Mailbox[]>(asked).fill(NONE);
  if (!rows) return lists;
  const { from, to, found } = rows;
  // Lists of several mailboxes by where their range starts: a placeholder ID asked by thousands of rows is one list.
  let shared: Map<number, Mailbox[]> | undefined;
  for (let i = 0; i < asked; i++) {
    const start = from[i]!;
    const end = to[i]!;
    if (start === end) continue;
    if (end - start === 1) {
      const n = found[start]!;
      const only = byFound[n];
      if (only) lists[i] = alone[n] ??= [only];
      continue;
    }
    let list = shared?.get(start);
    if (!list) {
      list = [];
      for (let at = start; at < end; at++) {
        const mailbox = byFound[found[at]!];
        if (mailbox) list.push(mailbox);
      }
      (shared ??= new Map()).set(start, list);
    }
    lists[i] = list;
  }
  return lists;
}

/** Every report's lists for each asked key, joined in report order (the order of the joined `mailboxes`). */
function joinLists(perReport: readonly (readonly (readonly Mailbox[])[])[], asked: number): (readonly Mailbox[])[] {
  const joined = new Array<readonly Mailbox[]>(asked);
  // Lists of several reports joined once per first list: a key asked again keeps one list.
  const shared = new Map<readonly Mailbox[], readonly Mailbox[]>();
  for (let i = 0; i < asked; i++) {
    let list: readonly Mailbox[] = NONE;
    for (const lists of perReport) {
      const more = lists[i]!;
      if (more.length === 0) continue;
      if (list.length === 0) list = more;
      else {
        const first = list;
        list = shared.get(first) ?? [...first, ...more];
        shared.set(first, list);
      }
    }
    joined[i] = list;
  }
  return joined;
}

/** No key matched (nothing was asked). */
function noMatches(wanted: WantedKeys): KeyMatches {
  return matchesPerKind((kind) => listsOf(undefined, wanted[kind].length, [], []));
}

/** Upload bytes per row, counted high (a template row is 100–200 bytes), so an upload's row count is never overestimated. */
const UPLOAD_BYTES_PER_ROW = 200;

/**
 * Make a stopped worker's first check as fast as a later one. Called as a check arrives, while its file
 * is still being read and parsed: reads each live report's key tables and builds the hash indexes of
 * `kinds`; for an upload of `fileBytes` likely to find rows in most chunks (at least as many rows as
 * the report has chunks), also reads every chunk. A warm worker finds all of it held and only reads
 * the reports. Never rejects: the lookup that follows meets and reports any failure itself.
 */
export async function prepareLookup(db: GuardDb, cache: LookupCache, kinds: readonly KeyKind[], fileBytes: number): Promise<void> {
  try {
    const reports = (await db.getAll('reports')).filter(isStoredReport);
    await Promise.all(
      reports.map(async (report) => {
        const readAll = fileBytes / UPLOAD_BYTES_PER_ROW >= Math.ceil(report.rowCount / CHUNK_ROWS);
        // A cold worker reads the chunks and the key tables at once.
        const early = readAll && !cache.has(report.generation) ? readAllChunks(db, report) : undefined;
        early?.catch(() => undefined);
        const snapshot = await cache.snapshot(report.generation, () => readSnapshot(db, report));
        // Asked before the indexes are built, so IndexedDB goes on reading meanwhile.
        const chunks = readAll ? snapshot.readAllAhead(() => readAllInto(db, snapshot, report, undefined, early)) : undefined;
        snapshot.buildIndexes(kinds);
        await chunks;
      }),
    );
  } catch {
    // Left to the lookup (above).
  }
}

/** Throws GenerationGone unless the organisation's report still points at this generation. */
async function stillLive(read: Promise<unknown>, report: StoredReport): Promise<void> {
  const current = await read;
  if (!isStoredReport(current) || current.generation !== report.generation) throw new GenerationGone();
}

/**
 * A cold worker's index of one report: its key tables, one record. If they are damaged, they are
 * rebuilt from the row chunks (every row read), and rows of damaged chunks are counted as unreadable.
 */
async function readSnapshot(db: GuardDb, report: StoredReport): Promise<GenerationSnapshot> {
  const tx = db.transaction(['reports', 'reportKeys']);
  const [, record] = await Promise.all([
    stillLive(tx.objectStore('reports').get(report.orgId), report),
    tx.objectStore('reportKeys').get(report.generation),
  ]);
  const tables = parseKeyTables(record, report.rowCount);
  if (tables) {
    const snapshot = new GenerationSnapshot(report.generation, report.orgId, report.rowCount, tables);
    snapshot.offerStoredIndexes((record as Partial<StoredKeyTables> | undefined)?.hashIndexes);
    return snapshot;
  }
  return rebuildFromChunks(db, report);
}

async function rebuildFromChunks(db: GuardDb, report: StoredReport): Promise<GenerationSnapshot> {
  const { keys: chunkKeys, values } = await readAllChunks(db, report);
  const tables: Record<KeyKind, string[]> = { localId: [], email: [], name: [], mobile: [] };
  for (const kind of KEY_KINDS) tables[kind] = new Array<string>(report.rowCount).fill('');
  const probe = new GenerationSnapshot(report.generation, report.orgId, report.rowCount, {});
  chunkKeys.forEach((key, i) => probe.holdChunk(key, values[i]));
  let unreadableRows = 0;
  for (let chunk = 0; chunk < probe.chunkCount; chunk++) {
    const first = chunk * probe.chunkRows;
    const count = rowsInChunk(chunk, report.rowCount);
    for (let position = first; position < first + count; position++) {
      const mailbox = probe.mailboxAt(position);
      if (!mailbox) {
        // Without key tables, a damaged row's keys are unknown: it is counted in every lookup.
        unreadableRows++;
        continue;
      }
      const keys = keysOf(mailbox);
      for (const kind of KEY_KINDS) tables[kind][position] = keys[kind];
    }
  }
  const built = {} as Record<KeyKind, KeyTable>;
  for (const kind of KEY_KINDS) built[kind] = keyTable(tables[kind]);
  const snapshot = new GenerationSnapshot(report.generation, report.orgId, report.rowCount, built, unreadableRows);
  chunkKeys.forEach((key, i) => snapshot.holdChunk(key, values[i]));
  return snapshot;
}

/** Every chunk of a generation: their chunk numbers and records. */
async function readAllChunks(db: GuardDb, report: StoredReport): Promise<{ keys: number[]; values: unknown[] }> {
  const tx = db.transaction(['reports', 'reportChunks']);
  const store = tx.objectStore('reportChunks');
  const [, keys, values] = await Promise.all([
    stillLive(tx.objectStore('reports').get(report.orgId), report),
    store.getAllKeys(chunkRange(report.generation)),
    store.getAll(chunkRange(report.generation)),
  ]);
  return { keys: keys.map((key) => Number(key[1])), values };
}

/** Read the chunks a lookup needs into the snapshot: all in one request when most are needed, else one by one. */
async function readChunks(db: GuardDb, snapshot: GenerationSnapshot, report: StoredReport, chunks: number[]): Promise<void> {
  if (chunks.length >= snapshot.chunkCount * READ_ALL_CHUNKS_FROM) return readAllInto(db, snapshot, report, chunks);
  const tx = db.transaction(['reports', 'reportChunks']);
  const store = tx.objectStore('reportChunks');
  const [, records] = await Promise.all([
    stillLive(tx.objectStore('reports').get(report.orgId), report),
    Promise.all(chunks.map((chunk) => store.get([report.generation, chunk]))),
  ]);
  chunks.forEach((chunk, i) => snapshot.holdChunk(chunk, records[i]));
}

/**
 * Every chunk of the generation into the snapshot (`read`: those chunks, if already being read); the
 * `expected` ones (all by default) that storage lacks are held as damaged.
 */
async function readAllInto(
  db: GuardDb,
  snapshot: GenerationSnapshot,
  report: StoredReport,
  expected?: readonly number[],
  read?: ReturnType<typeof readAllChunks>,
): Promise<void> {
  const { keys, values } = await (read ?? readAllChunks(db, report));
  // A chunk missing from storage is damaged: hold it as such, so its rows are skipped.
  if (expected) for (const chunk of expected) snapshot.holdChunk(chunk, undefined);
  else for (let chunk = 0; chunk < snapshot.chunkCount; chunk++) snapshot.holdChunk(chunk, undefined);
  keys.forEach((key, i) => snapshot.holdChunk(key, values[i]));
}

function withoutGeneration<T extends { generation: string }>(report: T): Omit<T, 'generation'> {
  const { generation: _generation, ...meta } = report;
  return meta;
}
