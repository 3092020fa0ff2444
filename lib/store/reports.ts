import type { ReportMeta } from '../portal/mailbox';
import type { GuardDb } from './db';
import { chunkRange } from './generation-layout';
import type { ImportsInProgress } from './imports-in-progress';
import type { LookupCache } from './lookup-cache';
import { isStoredReport } from './stored-records';

/** A report record that could not be read: shown to the admin so they can delete it and import again. */
export interface DamagedReport {
  orgId: string;
  problem: string;
}

export interface ReportList {
  reports: ReportMeta[];
  damaged: DamagedReport[];
}

/** Every cached report, newest import first. Damaged records are listed apart, never thrown. */
export async function listReports(db: GuardDb): Promise<ReportList> {
  const tx = db.transaction('reports');
  const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  const reports: ReportMeta[] = [];
  const damaged: DamagedReport[] = [];
  values.forEach((value, i) => {
    if (isStoredReport(value)) {
      const { generation: _generation, ...meta } = value;
      reports.push(meta);
    } else {
      damaged.push({
        orgId: String(keys[i]),
        problem: `The cached report “${String(keys[i])}” is damaged and is not used by the checks. Delete it and import the Mailbox Report again.`,
      });
    }
  });
  reports.sort((a, b) => b.importedAt - a.importedAt);
  return { reports, damaged };
}

/** Delete one organisation's report and all its mailboxes, in one transaction; `cache` forgets its rows. */
export async function deleteReport(db: GuardDb, cache: LookupCache, orgId: string): Promise<boolean> {
  const tx = db.transaction(['reports', 'reportChunks', 'reportKeys'], 'readwrite');
  const report = (await tx.objectStore('reports').get(orgId)) as { generation?: unknown } | undefined;
  if (report === undefined) {
    await tx.done;
    return false;
  }
  const deletes = [tx.objectStore('reports').delete(orgId)];
  if (typeof report.generation === 'string') {
    deletes.push(tx.objectStore('reportChunks').delete(chunkRange(report.generation)), tx.objectStore('reportKeys').delete(report.generation));
  }
  await Promise.all([...deletes, tx.done]);
  if (typeof report.generation === 'string') cache.forget(report.generation);
  return true;
}

export interface DeletedCounts {
  reports: number;
  mailboxes: number;
  submissions: number;
}

/**
 * "Delete cached data": every report, mailbox and upload history record, in one transaction.
 * Imports in progress are stopped first, so none of them saves a report afterwards; the lookup cache is emptied.
 */
export async function deleteAllData(
  db: GuardDb,
  { imports, lookupCache }: { imports: ImportsInProgress; lookupCache: LookupCache },
): Promise<DeletedCounts> {
  imports.stopAll();
  const stores = ['reports', 'reportChunks', 'reportKeys', 'submissions'] as const;
  const tx = db.transaction([...stores], 'readwrite');
  const [reportRecords, submissions] = await Promise.all([tx.objectStore('reports').getAll(), tx.objectStore('submissions').count()]);
  await Promise.all([...stores.map((store) => tx.objectStore(store).clear()), tx.done]);
  const reports = reportRecords.length;
  // The mailboxes of every cached report (rows are stored in chunks, not one record each).
  const mailboxes = reportRecords.reduce((sum, r) => sum + (isStoredReport(r) ? r.rowCount : 0), 0);
  lookupCache.clear();
  return { reports, mailboxes, submissions };
}
