import type { Settings } from '../settings';
import type { OpenDb } from './connection';
import type { GuardDb } from './db';
import { DAY_MS } from './freshness';
import { sweepOrphanGenerations } from './generations';
import type { ImportsInProgress } from './imports-in-progress';
import type { LookupCache } from './lookup-cache';
import { deleteReport, listReports } from './reports';
import { errorMessage } from '../error-message';

export interface RetentionResult {
  reports: number;
  submissions: number;
  orphanGenerations: number;
  /** Set when the purge could not finish; it is tried again at the next hourly run. */
  error?: string;
}

/**
 * Automatic deletion: reports imported longer ago than the retention setting, and upload history not
 * updated since then, except a submission still `processing` (its results are still to come).
 * Also removes rows an interrupted import left behind.
 */
export interface RetentionDeps {
  openDb: OpenDb;
  loadSettings: () => Promise<Settings>;
  /** Generations these imports are writing are not orphans. */
  imports: ImportsInProgress;
  /** The worker's lookup cache: forgets the reports the purge deletes. */
  lookupCache: LookupCache;
}

export async function runRetention(deps: RetentionDeps, now: number = Date.now()): Promise<RetentionResult> {
  // Never throws: the hourly upkeep goes on to expire submissions whatever happens here.
  try {
    return await purge(now, await deps.openDb(), deps, (await deps.loadSettings()).retentionDays);
  } catch (error) {
    const message = errorMessage(error);
    console.error(`CSV Guard: automatic deletion did not finish (${message}); it will be tried again in an hour.`);
    return { reports: 0, submissions: 0, orphanGenerations: 0, error: message };
  }
}

async function purge(
  now: number,
  db: GuardDb,
  { imports, lookupCache }: Pick<RetentionDeps, 'imports' | 'lookupCache'>,
  retentionDays: number,
): Promise<RetentionResult> {
  const cutoff = now - retentionDays * DAY_MS;

  let reports = 0;
  for (const report of (await listReports(db)).reports) {
    if (report.importedAt < cutoff && (await deleteReport(db, lookupCache, report.orgId))) reports++;
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

  const orphanGenerations = await sweepOrphanGenerations(db, imports, now);
  return { reports, submissions, orphanGenerations };
}
