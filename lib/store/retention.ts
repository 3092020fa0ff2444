import { loadSettings } from '../settings';
import { getGuardDb } from './connection';
import type { GuardDb } from './db';
import { DAY_MS } from './freshness';
import { sweepOrphanGenerations } from './generations';
import { deleteReport, listReports } from './reports';

export interface RetentionResult {
  reports: number;
  submissions: number;
  orphanGenerations: number;
}

/**
 * Automatic deletion: reports imported longer ago than the retention setting, and upload history not
 * updated since then, except a submission still `processing` (its results are still to come).
 * Also removes rows an interrupted import left behind.
 */
export async function runRetention(now: number = Date.now(), openDb: () => Promise<GuardDb> = getGuardDb): Promise<RetentionResult> {
  const db = await openDb();
  const { retentionDays } = await loadSettings();
  const cutoff = now - retentionDays * DAY_MS;

  let reports = 0;
  for (const report of (await listReports(db)).reports) {
    if (report.importedAt < cutoff && (await deleteReport(db, report.orgId))) reports++;
  }

  let submissions = 0;
  const tx = db.transaction('submissions', 'readwrite');
  let cursor = await tx.store.index('byUpdatedAt').openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    if (cursor.value.state !== 'processing') {
      void cursor.delete();
      submissions++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;

  const orphanGenerations = await sweepOrphanGenerations(db, now);
  return { reports, submissions, orphanGenerations };
}
