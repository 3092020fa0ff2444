import { resolveUploadColumns } from '../portal/columns';
import { localIdKey } from '../portal/normalize';
import { fingerprintRows } from '../submissions/fingerprint';
import { isInFlight } from '../submissions/transitions';
import type { Submission } from '../submissions/types';
import { detectResultColumn, uploadedValues } from './detect-result-column';
import type { ResultColumn } from './types';

export interface SubmissionMatch {
  submission: Submission;
  /** fingerprint: the same rows; local-ids: the same people, row for row; confirmed: the admin said so. */
  how: 'fingerprint' | 'local-ids' | 'confirmed';
  column: ResultColumn;
  /** Where each uploaded column is in the results file (see detectResultColumn). */
  uploadedColumns?: (number | undefined)[];
}

/** A tracked upload these results may be for, which CSV Guard will not assume without the admin. */
export interface SubmissionCandidate extends SubmissionMatch {
  /** Why it was not matched by itself, in words for the admin. */
  reason: string;
}

/** The results file, before we know which submission it belongs to. */
export interface ResultsTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

export interface SubmissionSearch {
  match?: SubmissionMatch;
  /** Uploads with the same people that the results could be for: ask the admin. */
  candidates: SubmissionCandidate[];
}

/**
 * Which tracked submission a results file reports on. The file is the uploaded CSV plus one column:
 * without that column its rows should fingerprint the same as the upload. If the portal changed some
 * values on the way, the same local IDs on the same number of rows still identify it. Anything looser
 * (fewer rows, or part of an upload still in flight) is only a candidate: matching it would record the
 * wrong outcome, or free the slot while the portal is still working on another upload.
 * Submissions in flight are tried first, then the most recent.
 */
export function findSubmission(results: ResultsTable, history: readonly Submission[], templateHeader: readonly string[]): SubmissionSearch {
  let byLocalIds: SubmissionMatch | undefined;
  const candidates: SubmissionCandidate[] = [];
  for (const submission of orderCandidates(history)) {
    const detected = detectResultColumn(results.header, { uploadedHeader: submission.header, templateHeader });
    if (!detected.ok || !detected.exact) continue;
    const found = { submission, column: detected.column, ...(detected.uploadedColumns ? { uploadedColumns: detected.uploadedColumns } : {}) };
    const uploadedRows = results.rows.map((row) => uploadedValues(row, detected));
    if (uploadedRows.length === submission.rowCount && fingerprintRows(uploadedRows) === submission.fingerprint) {
      return { match: { ...found, how: 'fingerprint' }, candidates: [] };
    }
    const people = compareLocalIds(uploadedRows, submission);
    if (!people) continue;
    const sameRows = uploadedRows.length === submission.rowCount;
    if (sameRows && people.coversAll && !byLocalIds) {
      byLocalIds = { ...found, how: 'local-ids' };
      continue;
    }
    if (sameRows && !isInFlight(submission) && people.coversHalf && !byLocalIds) {
      byLocalIds = { ...found, how: 'local-ids' };
      continue;
    }
    candidates.push({ ...found, how: 'confirmed', reason: candidateReason(submission, uploadedRows.length, people.coversAll) });
  }
  return { ...(byLocalIds ? { match: byLocalIds } : {}), candidates: byLocalIds ? [] : candidates };
}

/** The match findSubmission makes by itself, if any. */
export function matchSubmission(
  results: ResultsTable,
  history: readonly Submission[],
  templateHeader: readonly string[],
): SubmissionMatch | undefined {
  return findSubmission(results, history, templateHeader).match;
}

/** The admin says these results are for this upload: read them against its header. */
export function confirmedMatch(results: ResultsTable, submission: Submission, templateHeader: readonly string[]): SubmissionMatch | undefined {
  const detected = detectResultColumn(results.header, { uploadedHeader: submission.header, templateHeader });
  if (!detected.ok) return undefined;
  return {
    submission,
    how: 'confirmed',
    column: detected.column,
    ...(detected.uploadedColumns ? { uploadedColumns: detected.uploadedColumns } : {}),
  };
}

function candidateReason(submission: Submission, resultsRows: number, coversAll: boolean): string {
  const rows = (n: number) => `${n.toLocaleString('en-GB')} row${n === 1 ? '' : 's'}`;
  const state = isInFlight(submission) ? ' and is still being processed' : '';
  if (resultsRows !== submission.rowCount) {
    return `“${submission.fileName}” had ${rows(submission.rowCount)}${state}; these results have ${rows(resultsRows)}, with the same local IDs.`;
  }
  return `“${submission.fileName}”${state ? ' is still being processed' : ''} has the same number of rows, but these results ${coversAll ? 'differ in some values' : 'cover only some of its people'}.`;
}

function orderCandidates(history: readonly Submission[]): Submission[] {
  const rank = (s: Submission) =>
    s.state === 'processing' ? 3 : s.state === 'preparing' ? 2 : s.state === 'expired' || s.state === 'finished' ? 1 : 0;
  return [...history].sort((a, b) => rank(b) - rank(a) || b.createdAt - a.createdAt);
}

export function withoutColumn(row: readonly string[], index: number): string[] {
  return [...row.slice(0, index), ...row.slice(index + 1)];
}

/**
 * Whether the results report on the upload's people: every local ID in the results was in the upload
 * (undefined otherwise), and how many of the upload's local IDs they cover.
 */
function compareLocalIds(
  uploadedRows: readonly (readonly string[])[],
  submission: Submission,
): { coversAll: boolean; coversHalf: boolean } | undefined {
  const column = resolveUploadColumns(submission.header).localId;
  if (column === undefined || submission.localIds.length === 0) return undefined;
  const uploaded = new Set(submission.localIds.map(localIdKey).filter(Boolean));
  const seen = new Set<string>();
  for (const row of uploadedRows) {
    const id = localIdKey(row[column] ?? '');
    if (!id) continue;
    if (!uploaded.has(id)) return undefined;
    seen.add(id);
  }
  if (seen.size === 0) return undefined;
  return { coversAll: seen.size === uploaded.size, coversHalf: seen.size * 2 >= uploaded.size };
}
