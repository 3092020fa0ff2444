import type { Finding, RuleId, Severity } from '../checks/types';
import type { Correction } from './correct';
import type { Change } from './types';

/** Where a line of the checked file ends up. */
export type LineOutcome = 'corrected' | 'needs-attention' | 'left-out';

/** One line of the checked file with all its problems and its fixes together ("line 4: 2 problems"). */
export interface LineView {
  line: number;
  problems: { rule: RuleId; severity: Severity; message: string; fix?: string }[];
  changes: Change[];
  outcome: LineOutcome;
  /** Why the line is in the needs-attention file. */
  reason?: string;
}

/**
 * The check by line instead of by rule: every data line with a problem or a change, in line order.
 * File-wide findings (the heading row, line 0) stay in the by-rule view.
 */
export function linesOf(findings: readonly Finding[], correction: Correction, headerLine: number): LineView[] {
  const views = new Map<number, LineView>();
  const outcome = new Map<number, LineOutcome>();
  for (const r of correction.rows) outcome.set(r.line, 'corrected');
  for (const r of correction.dropped) outcome.set(r.line, 'left-out');
  const reasons = new Map<number, string>();
  for (const r of correction.attention) {
    outcome.set(r.line, 'needs-attention');
    reasons.set(r.line, r.reason);
  }
  const view = (line: number): LineView => {
    let v = views.get(line);
    if (!v) {
      v = { line, problems: [], changes: [], outcome: outcome.get(line) ?? 'corrected' };
      const reason = reasons.get(line);
      if (reason !== undefined) v.reason = reason;
      views.set(line, v);
    }
    return v;
  };
  for (const f of findings) {
    if (f.line <= headerLine) continue;
    const problem: LineView['problems'][number] = { rule: f.rule, severity: f.severity, message: f.message };
    if (f.fix !== undefined) problem.fix = f.fix;
    view(f.line).problems.push(problem);
  }
  for (const c of correction.changes) if (c.line > headerLine) view(c.line).changes.push(c);
  for (const line of reasons.keys()) view(line);
  return [...views.values()].sort((a, b) => a.line - b.line);
}
