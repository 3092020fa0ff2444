import type { CheckReport } from '../../lib/messaging/checks-protocol';
import { count } from './wording';

/** The at-a-glance numbers; the data attributes let tests and tools read them without parsing words. */
export function CheckSummaryView({ report }: { report: CheckReport }) {
  const { summary, freshness } = report;
  return (
    <div
      class="summary"
      data-testid="summary"
      role="status"
      data-rows={summary.rows}
      data-updates={summary.predictedUpdates}
      data-new-accounts={summary.predictedNewAccounts}
      data-blocked={summary.blockedRows}
    >
      <p class="summary-title">
        Checked <strong>{report.fileName}</strong>: {count(summary.rows, 'row')}.
      </p>
      <ul class="summary-numbers">
        <li>{count(summary.predictedUpdates, 'row')} will update existing accounts</li>
        <li class={summary.predictedNewAccounts > 0 ? 'attention' : undefined}>
          {count(summary.predictedNewAccounts, 'row')} will create new accounts
        </li>
        <li class={summary.blockedRows > 0 ? 'attention' : undefined}>{count(summary.blockedRows, 'row')} blocked</li>
      </ul>
      <p class="freshness">{freshnessText(report)}</p>
      {report.notes.length > 0 && (
        <ul class="notes">
          {report.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      {freshness.stale && (
        <p class="attention" data-testid="stale-report">
          {staleText(freshness.oldestAgeDays)}
        </p>
      )}
    </div>
  );
}

function freshnessText(report: CheckReport): string {
  const { reports, oldestAgeDays } = report.freshness;
  if (reports.length === 0) return 'No Mailbox Report is cached, so rows could not be matched to existing accounts.';
  const names = reports.map((r) => r.orgLabel).join(', ');
  const age = oldestAgeDays === undefined ? '' : oldestAgeDays < 1 ? ', imported today' : `, ${count(Math.floor(oldestAgeDays), 'day')} old`;
  return `Matched against the Mailbox Report for ${names}${age}.`;
}

/** The stale warning names the report's age: "out of date" alone does not say how far to trust it. */
function staleText(ageDays: number | undefined): string {
  const age = ageDays === undefined ? 'out of date' : `${count(Math.floor(ageDays), 'day')} old`;
  return `The Mailbox Report is ${age}: accounts created or changed since are not in it, so a wrong local ID may go unnoticed. Import a fresh one for a reliable check.`;
}
