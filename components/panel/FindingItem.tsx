import type { Finding } from '../../lib/checks/types';
import { VisibleText } from '../shared/VisibleText';
import { ACKNOWLEDGED_LABEL, lineLabel, SEVERITY_LABELS } from './wording';

/** One finding: where, what, the mailbox the row matched, and the fix. */
export function FindingItem({ finding, acknowledged = false }: { finding: Finding; acknowledged?: boolean }) {
  return (
    <li
      class={`finding severity-${finding.severity}${acknowledged ? ' acknowledged' : ''}`}
      data-rule={finding.rule}
      data-line={finding.line}
      data-severity={finding.severity}
      data-acknowledged={acknowledged ? 'true' : undefined}
    >
      <p class="finding-head">
        <span class="finding-line">{lineLabel(finding.line)}</span>
        <span class="severity-label">{acknowledged ? ACKNOWLEDGED_LABEL : SEVERITY_LABELS[finding.severity]}</span>
        {finding.column && (
          <span class="finding-column">
            column <VisibleText text={finding.column} />
          </span>
        )}
        {finding.localId !== undefined && finding.localId !== '' && (
          <span class="finding-local-id">
            local ID{' '}
            <code>
              <VisibleText text={finding.localId} />
            </code>
          </span>
        )}
      </p>
      <p class="finding-message">
        <VisibleText text={finding.message} />
      </p>
      {finding.related && finding.related.length > 0 && (
        <ul class="related" aria-label="Matched mailboxes">
          {finding.related.map((mailbox, i) => (
            <li key={i}>
              Matched mailbox: <VisibleText text={mailbox.email} />
              {mailbox.displayName && (
                <>
                  {' '}
                  (<VisibleText text={mailbox.displayName} />)
                </>
              )}
              {', local ID '}
              {mailbox.localId ? (
                <code>
                  <VisibleText text={mailbox.localId} />
                </code>
              ) : (
                'none'
              )}
              {mailbox.status && (
                <>
                  , status <VisibleText text={mailbox.status} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {finding.fix && (
        <p class="finding-fix">
          <strong>Fix:</strong> <VisibleText text={finding.fix} />
        </p>
      )}
    </li>
  );
}
