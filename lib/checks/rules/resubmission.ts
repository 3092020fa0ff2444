import { plural, shown } from '../describe';
import type { Rule } from '../rule';
import { formatWhen, submittedAt, type RowJudgement, type SubmissionOverlap } from '../submission-overlap';

const FIX = 'Download the remainder file (only the rows not yet applied) and upload that instead, once the earlier upload has finished.';

/**
 * The same file, or rows of it, was already submitted and may be partly applied: still processing,
 * or ended with failures or without results. Re-uploading whole would repeat what was applied.
 */
export const resubmissionRule: Readonly<Rule> = {
  id: 'resubmission',
  run(input, emit) {
    // Only the submissions with rows whose repeat may be unsafe (the shared list also holds safe ones, for the remainder).
    const overlaps = input.submissionOverlaps().filter((o) => o.rowIndexes.length > 0);
    if (overlaps.length === 0) return;
    for (const o of overlaps) {
      const s = o.submission;
      emit({
        rule: 'resubmission',
        severity: 'block',
        line: 0,
        message: `${o.sameFile ? 'This is the same file as' : `${plural(o.rowIndexes.length, 'row')} of this file ${o.rowIndexes.length === 1 ? 'was' : 'were'} also in`} "${s.fileName}", submitted at ${formatWhen(submittedAt(s))}, which ${state(o)}. Part of it may already have been applied.`,
        fix: FIX,
      });
    }
    // One finding per row, naming the most recent submission it was in.
    const seen = new Set<number>();
    for (const o of overlaps) {
      const judged = new Map(o.rows.map((r) => [r.index, r]));
      // Worded once per earlier upload: the date is formatted by Intl, microseconds a call, and a whole file repeated is every row.
      const where = `was in "${o.submission.fileName}", submitted at ${formatWhen(submittedAt(o.submission))}, which ${state(o)}.`;
      for (const i of o.rowIndexes) {
        if (seen.has(i)) continue;
        seen.add(i);
        const r = input.rows[i];
        if (!r) continue;
        const j = judged.get(i);
        emit({
          rule: 'resubmission',
          severity: 'block',
          line: r.row.line,
          ...(r.localId ? { localId: r.localId } : {}),
          message: `Line ${r.row.line}${r.localId ? ` (local ID ${shown(r.localId)})` : ''} ${where}${j ? ` ${rowNote(j)}` : ''}`,
          fix: FIX,
        });
      }
    }
  },
};

/** What repeating this row would do, in the admin's terms. */
function rowNote(j: RowJudgement): string {
  if (j.kind === 'update') return 'It updated an existing account: sending it again is safe once the earlier upload has finished.';
  if (j.applied === 'yes') return `It created an account (${j.evidence}): sending it again would create a duplicate.`;
  return 'It was to create a new account, which may already exist: sending it again could create a duplicate.';
}

function state(o: SubmissionOverlap): string {
  const s = o.submission;
  if (s.state === 'processing') return 'the portal is still processing';
  if (s.state === 'expired') return 'never reported its results';
  if (!s.outcome) return 'was marked as finished without its results';
  const failed = s.outcome?.failed ?? 0;
  const unknown = s.outcome?.unknown ?? 0;
  const parts = [failed > 0 ? `${plural(failed, 'failed row')}` : '', unknown > 0 ? `${plural(unknown, 'row')} with an unclear result` : ''].filter(
    Boolean,
  );
  return `ended with ${parts.join(' and ')}`;
}
