import type { LineView } from '../../lib/fixes/by-line';
import { SEVERITY_LABELS } from './wording';
import { count } from './wording';
import { VisibleText } from '../shared/VisibleText';

const OUTCOME: Record<LineView['outcome'], string> = {
  corrected: 'in the corrected file',
  'needs-attention': 'needs your attention (not in the corrected file)',
  'left-out': 'left out: it changes nothing',
};

/** The check by line instead of by rule: "Line 4: 2 problems", with the line's fixes under them. */
export function ByLineView({ lines, total }: { lines: readonly LineView[]; total: number }) {
  if (total === 0) return null;
  return (
    <div class="by-line">
      <h4>By line</h4>
      <ul class="lines" data-testid="by-line">
        {lines.map((l) => (
          <li key={l.line} class="line-view">
            <p class="line-head">
              Line {l.line}: {l.problems.length > 0 ? count(l.problems.length, 'problem') : 'no problems'}
              {l.changes.length > 0 ? `, ${count(l.changes.length, 'fix', 'fixes')}` : ''} — {OUTCOME[l.outcome]}
            </p>
            <ul>
              {l.problems.map((p, i) => (
                <li key={`p${i}`}>
                  <span class="severity-label">{SEVERITY_LABELS[p.severity]}:</span> {p.message}
                </li>
              ))}
              {l.changes.map((c, i) => (
                <li key={`c${i}`} class="line-fix">
                  Fixed: {c.column ? <>{c.column} </> : null}
                  <code>
                    <VisibleText text={c.old} />
                  </code>{' '}
                  →{' '}
                  <code>
                    <VisibleText text={c.new} />
                  </code>{' '}
                  ({c.why})
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {total > lines.length && (
        <p class="hint">
          The first {lines.length.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')} lines.
        </p>
      )}
    </div>
  );
}
