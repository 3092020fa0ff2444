import type { CheckReport, ExportKind, ReportFreshness } from '../messaging/checks-protocol';
import { risksOf } from '../checks/risks';
import type { ReportMeta } from '../portal/mailbox';
import { reportFreshness } from '../store/freshness';
import type { KeptCheck } from './check-runs';
import { previewGroups } from './finding-groups';

/** How fresh the cached reports behind a check are: the oldest one counts. */
export function freshnessOf(reports: ReportMeta[], staleReportDays: number, now: number): ReportFreshness {
  if (reports.length === 0) return { reports, stale: false };
  const ages = reports.map((report) => reportFreshness(report, staleReportDays, now));
  return { reports, oldestAgeDays: Math.max(...ages.map((a) => a.ageDays)), stale: ages.some((a) => a.stale) };
}

function damagedRecordsNote(count: number): string {
  const records = count === 1 ? '1 record' : `${count} records`;
  return `${records} of the cached Mailbox Report could not be read and ${count === 1 ? 'was' : 'were'} left out of this check. Import the Mailbox Report again on CSV Guard's options page.`;
}

/** The corrected files a check offers, and why the remainder is not among them when it is refused. */
export interface ExportOffer {
  exports: ExportKind[];
  remainderRefused?: CheckReport['remainderRefused'];
}

/**
 * What the panel is sent for one check: the numbers and the first findings of each rule, never all of them.
 * Not the upload slot: the page asks for it on its own (lib/page/check-session), so the reply need not wait for it.
 */
export function toCheckReport(kept: KeptCheck, { exports, remainderRefused }: ExportOffer): CheckReport {
  const { run, checkId, fileName, tabId } = kept;
  return {
    checkId,
    fileName,
    fingerprint: run.fingerprint,
    header: run.table.header,
    ...(tabId !== undefined ? { tabId } : {}),
    summary: run.result.summary,
    groups: previewGroups([...kept.groups.values()]),
    risks: risksOf(
      [...kept.groups.values()].flatMap((group) => (group.severity === 'block' ? group.findings : [])),
      run.table.headerLine ?? 1,
    ),
    notes: run.skippedRecords > 0 ? [...run.table.notes, damagedRecordsNote(run.skippedRecords)] : run.table.notes,
    freshness: freshnessOf(run.reports, run.settings.staleReportDays, run.checkedAt),
    exports,
    ...(remainderRefused ? { remainderRefused } : {}),
  };
}
