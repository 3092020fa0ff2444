import type { Handlers } from '../messaging/router';
import type { ReportSummary, ReportsProtocol } from '../messaging/reports-protocol';
import type { ReportMeta } from '../portal/mailbox';
import type { Settings } from '../settings';
import type { OpenDb } from './connection';
import { reportFreshness } from './freshness';
import type { ImportsInProgress } from './imports-in-progress';
import type { LookupCache } from './lookup-cache';
import { deleteAllData, deleteReport, listReports } from './reports';

export interface ReportHandlerDeps {
  openDb: OpenDb;
  loadSettings: () => Promise<Settings>;
  now: () => number;
  /** Stopped by "Delete cached data", so no import saves a report after it. */
  imports: ImportsInProgress;
  /** The worker's lookup cache: deleting a report, or everything, frees what it holds of them. */
  lookupCache: LookupCache;
  /** Called after "Delete cached data", so the upload slot's badge and open tabs stop showing deleted history. */
  afterDeleteAll: () => Promise<unknown>;
}

/** The background's answers about cached Mailbox Reports: list, delete, delete everything. */
export function createReportHandlers(deps: ReportHandlerDeps): Handlers<keyof ReportsProtocol> {
  const { openDb } = deps;

  async function summarise(reports: ReportMeta[]): Promise<ReportSummary[]> {
    const { staleReportDays } = await deps.loadSettings();
    const at = deps.now();
    return reports.map((report) => ({ ...report, ...reportFreshness(report, staleReportDays, at) }));
  }

  return {
    async 'reports-list'() {
      const { reports, damaged } = await listReports(await openDb());
      return { reports: await summarise(reports), damaged };
    },
    async 'report-delete'({ orgId }) {
      return { deleted: await deleteReport(await openDb(), deps.lookupCache, orgId) };
    },
    async 'data-delete-all'() {
      const deleted = await deleteAllData(await openDb(), deps);
      await deps.afterDeleteAll();
      return deleted;
    },
  };
}
