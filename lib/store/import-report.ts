import type { ReportMeta } from '../portal/mailbox';
import { isBlankRecord, parseReportDate, planMailboxReport, type MailboxReportPlan } from '../portal/mailbox-report';
import type { GuardDb, StoredReport } from './db';
import { GenerationWriter, type StoredChunk, type StoredKeyTables } from './generation-layout';
import { deleteGeneration, newGeneration, sweepOrphanGenerations } from './generations';
import { cancelledError, ReportImportError, toReportImportError } from './import-error';
import type { ImportsInProgress } from './imports-in-progress';
import { heldSnapshot } from './held-snapshot';
import type { LookupCache } from './lookup-cache';
import { estimateRecords, readRecordsInChunks } from './report-chunks';
import { labelFromFileName, orgIdFor, tidyOrgLabel } from '../portal/organisation';

export interface ReportImportInput {
  /** The organisation this report is for, as the admin names it; importing again under the same name replaces it. */
  orgLabel: string;
  fileName: string;
  text: string;
}

export interface ReportImportProgress {
  rowsRead: number;
  /** An estimate from the file's line count until the end. */
  rowsTotal?: number;
  phase: 'parsing' | 'writing' | 'swapping';
}

export interface ReportImportHooks {
  /** The worker's imports in progress: this import registers there, so "Delete cached data" can stop it. */
  imports: ImportsInProgress;
  /** The worker's lookup cache: the replaced generation is forgotten, the new one held as written. */
  lookupCache: LookupCache;
  onProgress?(progress: ReportImportProgress): void;
  signal?: AbortSignal;
}

/** Lines before the header that may hold "Report generated: …". More than this and it is not a report. */
const MAX_PREAMBLE_LINES = 10;

/**
 * Import a Mailbox Report: rows are written in chunks under a new generation (generation-layout.ts),
 * then one transaction writes the last chunk and the key tables and points the organisation's report
 * at the generation, then the old generation is deleted. Until that swap the
 * previous report stays in use; on failure or cancel the partial rows are deleted and the old report kept.
 * Rejects with a ReportImportError whose message is written for the admin.
 */
export async function importMailboxReport(db: GuardDb, input: ReportImportInput, hooks: ReportImportHooks): Promise<ReportMeta> {
  const { fileName, text } = input;
  const orgLabel = tidyOrgLabel(input.orgLabel) || labelFromFileName(fileName);
  const orgId = orgIdFor(orgLabel);
  const { onProgress, imports, lookupCache: cache } = hooks;
  const generation = newGeneration();
  const stopped = imports.start(generation);
  const signal = hooks.signal ? AbortSignal.any([hooks.signal, stopped]) : stopped;
  try {
    if (signal?.aborted) throw cancelledError(fileName);
    if (text.trim() === '') throw emptyFile(fileName);
    // Tidy up after any import the browser cut short; never an obstacle to this one.
    await sweepOrphanGenerations(db, imports).catch(() => 0);

    const rowsTotal = estimateRecords(text);
    onProgress?.({ rowsRead: 0, rowsTotal, phase: 'parsing' });

    let plan: MailboxReportPlan | undefined;
    const preamble: string[][] = [];
    let rowsWithoutLocalId = 0;
    let generatedAt: number | undefined;
    const writer = new GenerationWriter(generation);

    await readRecordsInChunks(text, fileName, async (records) => {
      if (signal?.aborted) throw cancelledError(fileName);
      let start = 0;
      if (!plan) {
        const found = findHeader(records, fileName);
        plan = found.plan;
        preamble.push(...records.slice(0, found.index));
        start = found.index + 1;
        generatedAt = preambleDate(preamble);
      }
      for (let i = start; i < records.length; i++) {
        const values = records[i]!;
        if (isBlankRecord(values)) continue;
        const mailbox = plan.toMailbox(values, orgId);
        if (!mailbox.localId) rowsWithoutLocalId++;
        generatedAt ??= plan.generatedAtOf(values);
        writer.add(mailbox);
      }
      const chunks = writer.takeChunks();
      if (chunks.length > 0) {
        // Relaxed: these rows are invisible until the swap, whose strict commit makes them durable too.
        const tx = db.transaction('reportChunks', 'readwrite', { durability: 'relaxed' });
        for (const chunk of chunks) void tx.store.put(chunk);
        await tx.done;
      }
      const rowsRead = writer.rowCount;
      onProgress?.({ rowsRead, rowsTotal: Math.max(rowsTotal, rowsRead), phase: 'writing' });
    });

    const rowCount = writer.rowCount;
    if (!plan) throw emptyFile(fileName);
    if (rowCount === 0) {
      throw new ReportImportError(
        'empty',
        `“${fileName}” has a header but no mailboxes, so it was not imported. Check you chose the right organisation's Mailbox Report, then import it again.`,
      );
    }
    if (signal?.aborted) throw cancelledError(fileName);
    onProgress?.({ rowsRead: rowCount, rowsTotal: rowCount, phase: 'swapping' });

    const report: StoredReport = {
      orgId,
      orgLabel,
      fileName,
      importedAt: Date.now(),
      ...(generatedAt === undefined ? {} : { generatedAt }),
      rowCount,
      rowsWithoutLocalId,
      columns: plan.columns,
      generation,
    };
    const last = writer.finish();
    const previous = await swapReport(db, report, last.chunks, last.keyTables);
    if (previous) cache.forget(previous);
    // Warm the lookup cache with what was just written: the first check needs no read at all.
    cache.hold(heldSnapshot(writer, orgId, last.keyTables));
    // The new report is live now; the old rows are only clutter, and the sweep removes any left behind.
    if (previous && previous !== generation) await deleteGeneration(db, previous).catch(() => undefined);
    const { generation: _generation, ...meta } = report;
    return meta;
  } catch (error) {
    await deleteGeneration(db, generation).catch(() => undefined);
    throw toReportImportError(error, fileName);
  } finally {
    imports.finish(generation);
  }
}

function emptyFile(fileName: string): ReportImportError {
  return new ReportImportError(
    'empty',
    `“${fileName}” is empty. Download the Mailbox Report again from the portal (Reports → Admin Reports → Mailbox Report) and import that file.`,
  );
}

/**
 * Write the last chunks and the key tables and point the organisation's report at the new generation,
 * in one transaction. Returns the generation it replaced.
 */
async function swapReport(db: GuardDb, report: StoredReport, chunks: StoredChunk[], keyTables: StoredKeyTables): Promise<string | undefined> {
  const tx = db.transaction(['reports', 'reportChunks', 'reportKeys'], 'readwrite', { durability: 'strict' });
  for (const chunk of chunks) void tx.objectStore('reportChunks').put(chunk);
  void tx.objectStore('reportKeys').put(keyTables);
  const reports = tx.objectStore('reports');
  const previous = (await reports.get(report.orgId)) as { generation?: unknown } | undefined;
  await reports.put(report);
  await tx.done;
  return typeof previous?.generation === 'string' ? previous.generation : undefined;
}

/** The header is the first record that reads as a Mailbox Report header, within the first few lines. */
function findHeader(records: string[][], fileName: string): { plan: MailboxReportPlan; index: number } {
  const first = planMailboxReport(records[0] ?? [], fileName);
  if (first.ok) return { plan: first.plan, index: 0 };
  for (let i = 1; i < Math.min(records.length, MAX_PREAMBLE_LINES + 1); i++) {
    const planned = planMailboxReport(records[i]!, fileName);
    if (planned.ok) return { plan: planned.plan, index: i };
  }
  throw new ReportImportError('wrong-file', first.error);
}

function preambleDate(preamble: string[][]): number | undefined {
  for (const record of preamble) {
    const date = parseReportDate(record.join(' '));
    if (date !== undefined) return date;
  }
  return undefined;
}
