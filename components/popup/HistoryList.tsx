import { STATE_LABELS } from '../../lib/submissions/history-csv';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import { VisibleText } from '../shared/VisibleText';
import { count, formatWhen } from './wording';

/** How many uploads the popup lists; the export has them all. */
export const HISTORY_SHOWN = 20;

export interface HistoryListProps {
  submissions: HistoryEntry[];
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
                {count(s.rowCount, 'row')},{' '}
                {s.processingAt !== undefined ? `uploaded ${formatWhen(s.processingAt)}` : `checked ${formatWhen(s.createdAt)}`}
                {s.outcome ? `: ${outcomeText(s.outcome)}` : ''}
              </span>
              {s.note && (
                <p class="note">
                  <VisibleText text={s.note} />
                </p>
              )}
              <HistoryDuplicates outcome={s.outcome} />
            </li>
          ))}
        </ol>
      )}
      {submissions.length > shown.length && (
        <p class="hint">
          Showing the {HISTORY_SHOWN} most recent of {submissions.length}.
        </p>
      )}
      <button type="button" onClick={onExport} disabled={submissions.length === 0}>
        Export history (CSV)
      </button>
    </section>
  );
}

/** The duplicate accounts an upload created, each with the account the person already had: kept after the popup closes. */
function HistoryDuplicates({ outcome }: { outcome: HistoryEntry['outcome'] }) {
  const rows = outcome?.duplicateRows ?? [];
  if (rows.length === 0) return null;
  const total = outcome?.duplicates ?? rows.length;
  return (
    <div class="history-duplicates" data-testid="history-duplicates">
      <p class="note harm-text">
        {count(total, 'duplicate account')} created{rows.length < total ? ` (the first ${rows.length} listed)` : ''}:
      </p>
      <ul>
        {rows.map((d) => (
          <li key={d.line} data-testid="history-duplicate" data-existing={d.existing?.email ?? ''}>
            Line {d.line}: <VisibleText text={d.name || d.email || '(no name)'} /> duplicates{' '}
            {d.existing ? (
              <>
                <VisibleText text={d.existing.email} />
                {d.existing.localId ? (
                  <>
                    {' '}
                    (
                    <span class="id">
                      <VisibleText text={d.existing.localId} />
                    </span>
                    )
                  </>
                ) : null}
                : keep that one
              </>
            ) : (
              'an account CSV Guard could not name: find it in the portal'
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function outcomeText(o: NonNullable<HistoryEntry['outcome']>): string {
  const parts = [`${o.succeeded.toLocaleString('en-GB')} succeeded`];
  if ((o.duplicates ?? 0) > 0) parts.push(`${(o.duplicates ?? 0).toLocaleString('en-GB')} duplicate account${o.duplicates === 1 ? '' : 's'} created`);
  if (o.failed > 0) parts.push(`${o.failed.toLocaleString('en-GB')} failed`);
  if (o.unknown > 0) parts.push(`${o.unknown.toLocaleString('en-GB')} unclear`);
  return parts.join(', ');
}
