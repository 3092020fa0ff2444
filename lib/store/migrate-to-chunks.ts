import type { AnyDb, AnyTx } from './db';
import { chunkRange, GenerationWriter } from './generation-layout';
import { legacyKeys, legacyToMailbox } from './legacy-mailboxes';

/**
 * Schema version 3: every live report's mailbox records become row chunks and key tables, in row
 * order, inside the upgrade transaction (if anything fails, the database stays at version 2, intact).
 * A damaged record keeps its place as a damaged row, so lookups still skip and count it.
 * Rows of generations no report points at are dropped, as the orphan sweep would.
 */
export async function migrateToChunks(db: AnyDb, tx: AnyTx): Promise<void> {
  const reports = tx.objectStore('reports');
  const mailboxes = tx.objectStore('mailboxes');
  db.createObjectStore('reportChunks', { keyPath: ['generation', 'chunk'] });
  db.createObjectStore('reportKeys', { keyPath: 'generation' });
  const chunks = tx.objectStore('reportChunks');
  const keys = tx.objectStore('reportKeys');

  const writes: Promise<unknown>[] = [];
  for (const report of (await reports.getAll()) as Record<string, unknown>[]) {
    const generation = report.generation;
    if (typeof generation !== 'string') continue;
    const writer = new GenerationWriter(generation);
    for (const record of await mailboxes.getAll(chunkRange(generation))) {
      const mailbox = legacyToMailbox(record);
      if (mailbox) writer.add(mailbox);
      else writer.addDamaged(legacyKeys(record));
    }
    const written = writer.finish();
    for (const chunk of written.chunks) writes.push(chunks.put(chunk));
    writes.push(keys.put(written.keyTables));
    // The report counts exactly the rows carried over (the key tables must agree with it).
    if (report.rowCount !== writer.rowCount) writes.push(reports.put({ ...report, rowCount: writer.rowCount }));
  }
  await Promise.all(writes);
  db.deleteObjectStore('mailboxes');
}
