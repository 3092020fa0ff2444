import { resolveUploadColumns } from '../portal/columns';
import { localIdKey } from '../portal/normalize';
import { fingerprintRows } from '../submissions/fingerprint';
import type { Submission } from '../submissions/types';
import { detectResultColumn } from './detect-result-column';
import type { ResultColumn } from './types';

export interface SubmissionMatch {
  submission: Submission;
  how: 'fingerprint' | 'local-ids';
  column: ResultColumn;
}

/** The results file, before we know which submission it belongs to. */
export interface ResultsTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/**
 * Which tracked submission a results file reports on. The file is the uploaded CSV plus one column:
 * without that column its rows should fingerprint the same as the upload. If the portal changed some
 * values on the way, the same set of local IDs still identifies it. Submissions in flight are tried
 * first, then the most recent.
 */
export function matchSubmission(results: ResultsTable, history: readonly Submission[], templateHeader: readonly string[]): SubmissionMatch | undefined {
  const candidates = orderCandidates(history);
  let byLocalIds: SubmissionMatch | undefined;
  for (const submission of candidates) {
    const detected = detectResultColumn(results.header, { uploadedHeader: submission.header, templateHeader });
    if (!detected.ok || !detected.exact) continue;
    const column = detected.column;
    const uploadedRows = results.rows.map((row) => withoutColumn(row, column.index));
    if (uploadedRows.length === submission.rowCount && fingerprintRows(uploadedRows) === submission.fingerprint) {
      return { submission, how: 'fingerprint', column };
    }
    if (!byLocalIds && sameLocalIds(uploadedRows, submission)) byLocalIds = { submission, how: 'local-ids', column };
  }
  return byLocalIds;
}

function orderCandidates(history: readonly Submission[]): Submission[] {
  const rank = (s: Submission) => (s.state === 'processing' ? 3 : s.state === 'preparing' ? 2 : s.state === 'expired' || s.state === 'finished' ? 1 : 0);
  return [...history].sort((a, b) => rank(b) - rank(a) || b.createdAt - a.createdAt);
}

export function withoutColumn(row: readonly string[], index: number): string[] {
  return [...row.slice(0, index), ...row.slice(index + 1)];
}

/**
 * The results report on the same people: every local ID in the results was in the upload, and at
 * least half of the upload's local IDs are in the results (the portal may leave rows out).
 */
function sameLocalIds(uploadedRows: readonly (readonly string[])[], submission: Submission): boolean {
  const column = resolveUploadColumns(submission.header).localId;
  if (column === undefined || submission.localIds.length === 0) return false;
  const uploaded = new Set(submission.localIds.map(localIdKey).filter(Boolean));
  const seen = new Set<string>();
  for (const row of uploadedRows) {
    const id = localIdKey(row[column] ?? '');
    if (!id) continue;
    if (!uploaded.has(id)) return false;
    seen.add(id);
  }
  return seen.size > 0 && seen.size * 2 >= uploaded.size;
}
