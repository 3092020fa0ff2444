import type { ReportSummary } from '../../lib/messaging/reports-protocol';
import { formatCount, formatDaysAgo } from '../shared/format';
import { VisibleText } from '../shared/VisibleText';

export interface ReportStatusProps {
  /** Undefined while loading or when the background could not answer. */
  reports: ReportSummary[] | undefined;
  onImport: () => void;
}

/**
 * The cached Mailbox Reports behind every check, with their age. Importing happens on the options page:
 * a file chooser opened from the popup closes the popup, and with it the import.
 */
export function ReportStatus({ reports, onImport }: ReportStatusProps) {
  return (
    <section class="card" aria-labelledby="reports-heading" data-testid="report-status">
      <h2 id="reports-heading">Mailbox Report</h2>
      {reports && reports.length === 0 && (
        <p class="attention">No Mailbox Report is cached, so CSV Guard cannot tell which local IDs exist. Import one before checking uploads.</p>
      )}
      {reports && reports.length > 0 && (
        <ul>
          {reports.map((r) => (
            <li key={r.orgId}>
              <strong>
                <VisibleText text={r.orgLabel} />
              </strong>
              : {formatCount(r.rowCount)} mailboxes, {r.ageBasis === 'generated' ? 'generated' : 'imported'} {formatDaysAgo(r.ageDays)}
              {r.stale && <strong> (out of date: import a new one)</strong>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onImport}>
        Import a Mailbox Report…
      </button>
    </section>
  );
}
