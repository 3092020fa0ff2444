import type { ReportMeta } from '../portal/mailbox';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReportFreshness {
  /** Whole days since the report's data was produced (never negative). */
  ageDays: number;
  /** Older than the admin's stale age: the checks add `stale-report`. */
  stale: boolean;
  /** What the age counts from: the portal's generated time when the file tells it, else the import. */
  ageBasis: 'generated' | 'imported';
  /** Whole days since the import, shown beside the generated date. */
  importedDaysAgo: number;
}

/** How old a cached report is. The data is as old as when the portal generated it, if known. */
export function reportFreshness(
  report: Pick<ReportMeta, 'importedAt' | 'generatedAt'>,
  staleReportDays: number,
  now: number = Date.now(),
): ReportFreshness {
  const basis = report.generatedAt ?? report.importedAt;
  const ageMs = Math.max(0, now - basis);
  return {
    ageDays: Math.floor(ageMs / DAY_MS),
    stale: ageMs > staleReportDays * DAY_MS,
    ageBasis: report.generatedAt === undefined ? 'imported' : 'generated',
    importedDaysAgo: daysBetween(report.importedAt, now),
  };
}

/** Whole days between two times, for "imported 3 days ago". */
export function daysBetween(earlier: number, later: number): number {
  return Math.floor(Math.max(0, later - earlier) / DAY_MS);
}

export { DAY_MS };
