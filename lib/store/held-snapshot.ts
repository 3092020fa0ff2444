import type { GenerationWriter, StoredKeyTables } from './generation-layout';
import { GenerationSnapshot } from './lookup-cache';

/**
 * A snapshot holding everything a writer has just finished writing, nothing read back: the import's
 * warm lookup cache, and the check rehearsal's generated report (which never touches storage).
 */
export function heldSnapshot(writer: GenerationWriter, orgId: string, finished: Pick<StoredKeyTables, 'hashIndexes'>): GenerationSnapshot {
  const snapshot = new GenerationSnapshot(writer.generation, orgId, writer.rowCount, writer.keyTables(), 0, writer.chunkRows);
  snapshot.offerStoredIndexes(finished.hashIndexes);
  writer.chunkTexts.forEach((rows, chunk) => snapshot.holdChunk(chunk, { rows }));
  return snapshot;
}
