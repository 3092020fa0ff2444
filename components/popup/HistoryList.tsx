import { STATE_LABELS } from '../../lib/submissions/history-csv';
import type { Submission } from '../../lib/submissions/types';
import { VisibleText } from '../panel/VisibleText';
import { count, formatWhen } from './wording';

/** How many uploads the popup lists; the export has them all. */
export const HISTORY_SHOWN = 20;

export interface HistoryListProps {
  submissions: Submission[];
  onExport(): void;
}

/** Recent uploads with their state and outcome. */
export function HistoryList({ submissions, onExport }: HistoryListProps) {
  const shown = submissions.slice(0, HISTORY_SHOWN);
  return (
    <section class="card" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">Recent uploads</h2>
      {shown.length === 0 ? (
        <p class="hint">No uploads recorded yet.</p>
      ) : (
        <ol class="history">
          {shown.map((s) => (
            <li key={s.id} data-testid="history-item" data-state={s.state}>
              <span class="file">
                <VisibleText text={s.fileName} />
              </span>{' '}
              <span class={`state state-${s.state}`}>{STATE_LABELS[s.state]}</span>
              <br />
              <span class="hint">
                {count(s.rowCount, 'row')}, {s.processingAt !== undefined ? `uploaded ${formatWhen(s.processingAt)}` : `checked ${formatWhen(s.createdAt)}`}
                {s.outcome ? `: ${outcomeText(s.outcome)}` : ''}
              </span>
              {s.note && (
                <p class="note">
                  <VisibleText text={s.note} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {submissions.length > shown.length && <p class="hint">Showing the {HISTORY_SHOWN} most recent of {submissions.length}.</p>}
      <button type="button" onClick={onExport} disabled={submissions.length === 0}>
        Export history (CSV)
      </button>
    </section>
  );
}

function outcomeText(o: NonNullable<Submission['outcome']>): string {
  const parts = [`${o.succeeded.toLocaleString('en-GB')} succeeded`];
  if (o.failed > 0) parts.push(`${o.failed.toLocaleString('en-GB')} failed`);
  if (o.unknown > 0) parts.push(`${o.unknown.toLocaleString('en-GB')} unclear`);
  return parts.join(', ');
}
