import type { GuardDb } from './db';
import { chunkRange } from './generation-layout';
import type { ImportsInProgress } from './imports-in-progress';

/**
 * A generation is one import's set of mailbox rows (its row chunks and its key tables). A report points at exactly one live generation;
 * a new import writes a new generation beside it and swaps the pointer only once every row is written.
 */

/** How long a generation no report points at may exist before the sweep treats it as abandoned. */
export const ORPHAN_AFTER_MS = 15 * 60 * 1000;

/** A new generation id; it starts with its creation time so the sweep can tell how old it is. */
export function newGeneration(now: number = Date.now()): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function generationStartedAt(generation: string): number | undefined {
  const time = parseInt(generation.split('-')[0] ?? '', 36);
  return Number.isFinite(time) ? time : undefined;
}

/** Delete every row of one generation: a range delete of its chunks and its key tables, in one transaction. */
export async function deleteGeneration(db: GuardDb, generation: string): Promise<void> {
  const tx = db.transaction(['reportChunks', 'reportKeys'], 'readwrite');
  await Promise.all([tx.objectStore('reportChunks').delete(chunkRange(generation)), tx.objectStore('reportKeys').delete(generation), tx.done]);
}

/**
 * Delete rows that no report points at and no import is writing: what an import leaves behind when
 * the browser stopped it half-way (the background worker was shut down, the browser closed).
 * Returns the number of generations removed.
 */
export async function sweepOrphanGenerations(db: GuardDb, imports: ImportsInProgress, now: number = Date.now()): Promise<number> {
  const live = new Set((await db.getAll('reports')).map((r) => (r as { generation?: unknown }).generation));
  const tx = db.transaction(['reportChunks', 'reportKeys']);
  // Key tables are written last (with the swap), chunks first: an interrupted import may have only chunks.
  const found = new Set((await tx.objectStore('reportKeys').getAllKeys()).map(String));
  // Visit one key per generation: from each generation's first chunk, jump past its last.
  let cursor = await tx.objectStore('reportChunks').openKeyCursor();
  while (cursor) {
    const generation = String(cursor.key[0]);
    found.add(generation);
    cursor = await cursor.continue([generation, Infinity]);
  }
  const orphans = [...found].filter((generation) => {
    if (live.has(generation) || imports.isWriting(generation)) return false;
    const startedAt = generationStartedAt(generation);
    return startedAt === undefined || now - startedAt > ORPHAN_AFTER_MS;
  });
  for (const generation of orphans) await deleteGeneration(db, generation);
  return orphans.length;
}
