import type { CsvTable } from '../csv/types';
import { cell, type ColumnMap } from '../portal/columns';
import { localIdKey } from '../portal/normalize';
import { fingerprintRows } from '../submissions/fingerprint';
import type { Submission } from '../submissions/types';

/** An earlier submission that this file repeats, wholly or in part. */
export interface SubmissionOverlap {
  submission: Submission;
  /** Same data rows as the earlier file (same fingerprint). */
  sameFile: boolean;
  /** Indexes into table.rows of the rows the earlier submission also had. */
  rowIndexes: number[];
}

/**
 * Whether part of an earlier submission may already be applied, so repeating its rows is unsafe:
 * still processing; or ended (results received, finished, expired) with failed rows, rows whose
 * result was not clearly a success, or no results at all (expired part-way).
 * 'preparing' is the admin's own current attempt (or one never uploaded), never a risk here.
 */
export function isUnsafeToRepeat(s: Submission): boolean {
  if (s.state === 'processing') return true;
  if (s.state === 'expired') return true;
  if (s.state === 'results-received' || s.state === 'finished') {
    return !!s.outcome && (s.outcome.failed > 0 || s.outcome.unknown > 0);
  }
  return false;
}

/** Earlier unsafe submissions this table overlaps, most recent first. */
export function findSubmissionOverlaps(
  table: CsvTable,
  columns: ColumnMap,
  submissions: readonly Submission[],
  knownFingerprint?: string,
): SubmissionOverlap[] {
  const unsafe = submissions.filter(isUnsafeToRepeat);
  if (unsafe.length === 0) return [];
  const fingerprint = knownFingerprint ?? fingerprintRows(table.rows.map((r) => r.values));
  const keys = table.rows.map((r) => localIdKey(cell(r.values, columns, 'localId')));
  const overlaps: SubmissionOverlap[] = [];
  for (const submission of unsafe) {
    const sameFile = submission.fingerprint === fingerprint && submission.rowCount === table.rows.length;
    let rowIndexes: number[];
    if (sameFile) rowIndexes = table.rows.map((_, i) => i);
    else {
      const theirs = new Set(submission.localIds.map(localIdKey).filter(Boolean));
      rowIndexes = [];
      keys.forEach((k, i) => {
        if (k && theirs.has(k)) rowIndexes.push(i);
      });
    }
    if (rowIndexes.length > 0) overlaps.push({ submission, sameFile, rowIndexes });
  }
  return overlaps.sort((a, b) => submittedAt(b.submission) - submittedAt(a.submission));
}

export function submittedAt(s: Submission): number {
  return s.processingAt ?? s.createdAt;
}

/** Made once: building a DateTimeFormat per finding cost the resubmission rule most of its time. */
let whenFormat: Intl.DateTimeFormat | undefined;

/** "3 Mar 2025, 14:05" in the admin's time zone. */
export function formatWhen(ms: number): string {
  whenFormat ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return whenFormat.format(ms);
}
