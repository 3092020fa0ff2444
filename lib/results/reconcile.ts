import type { CsvTable } from '../csv/types';
import { cell, resolveUploadColumns, type ColumnMap } from '../portal/columns';
import { emailKey, localIdKey } from '../portal/normalize';
import type { DuplicateRecord, ExistingAccount, PredictedDuplicate, Submission, SubmissionOutcome } from '../submissions/types';
import { classifyResult } from './classify-result';
import { detectResultColumn, uploadedValues } from './detect-result-column';
import { duplicateNextStep } from './duplicate-advice';
import { confirmedMatch, findSubmission, type SubmissionCandidate, type SubmissionMatch } from './match-submission';
import { buildNeedsReviewFile, buildRetryFile, type ResultsSource } from './retry-file';
import { SHOWN_ROWS_LIMIT, type DuplicateRow, type MissingRow, type ReconcileReport, type ReconciledRow, type RowClass } from './types';

/** Existing accounts from the cached Mailbox Reports, by local ID and by email (both normalised). */
export interface ExistingAccounts {
  byLocalId: ReadonlyMap<string, ExistingAccount>;
  byEmail: ReadonlyMap<string, ExistingAccount>;
}

export interface ReconcileInput {
  table: CsvTable;
  /** Submission history to match against (newest first is fine; order does not matter). */
  history: readonly Submission[];
  /** The upload template header (learnt from the page, else the bundled one). */
  templateHeader: readonly string[];
  /** Accounts the cached reports held before the upload: a created row matching one is a duplicate. */
  existingAccounts?: ExistingAccounts;
  /** The admin says these are the results of this tracked upload (one of the candidates offered). */
  submissionId?: string;
}

export type Reconciliation =
  | {
      ok: true;
      report: Omit<ReconcileReport, 'slotFreed'>;
      match?: SubmissionMatch;
      outcome: SubmissionOutcome;
      /** Keys of the rows the portal says it created: look these up in the cached reports. */
      createdKeys: { localIds: string[]; emails: string[] };
    }
  | { ok: false; error: string };

/** Most duplicates the history keeps row by row (the count is always whole). */
const KEPT_DUPLICATES = 500;

/**
 * Read the portal's results email CSV: find the result column, classify every row, match it to the
 * tracked submission, and build the retry and needs-review files. Pure: the caller records the outcome.
 */
export function reconcileResults(input: ReconcileInput): Reconciliation {
  const { table } = input;
  const rowValues = table.rows.map((r) => r.values);
  const resultsTable = { header: table.header, rows: rowValues };
  let match: SubmissionMatch | undefined;
  let candidates: SubmissionCandidate[] = [];
  const chosen = input.submissionId !== undefined ? input.history.find((s) => s.id === input.submissionId) : undefined;
  if (input.submissionId !== undefined && !chosen) return { ok: false, error: 'The upload you chose is no longer in CSV Guard\u2019s history.' };
  if (chosen) {
    match = confirmedMatch(resultsTable, chosen, input.templateHeader);
    if (!match) return { ok: false, error: `CSV Guard could not find the result column when comparing with “${chosen.fileName}”.` };
  } else {
    ({ match, candidates } = findSubmission(resultsTable, input.history, input.templateHeader));
  }
  const detected = match
    ? { ok: true as const, column: match.column, ...(match.uploadedColumns ? { uploadedColumns: match.uploadedColumns } : {}) }
    : detectResultColumn(table.header, { templateHeader: input.templateHeader, rows: rowValues });
  if (!detected.ok) return { ok: false, error: detected.reason };
  const resultIndex = detected.column.index;
  const submission = match?.submission;
  const uploadedHeader = submission && detected.uploadedColumns ? submission.header : uploadedValues(table.header, detected);
  const columns = resolveUploadColumns(uploadedHeader);
  const predictedUpdates = new Set((submission?.predictedUpdateLocalIds ?? []).map(localIdKey));
  const predicted = predictedDuplicateLookup(submission?.predictedDuplicates ?? [], match?.how === 'fingerprint');

  const counts: ReconcileReport['counts'] = {
    success: 0,
    review: 0,
    failure: 0,
    unknown: 0,
    missing: 0,
    rows: table.rows.length,
    createdInsteadOfUpdated: 0,
    duplicates: 0,
    updated: 0,
    created: 0,
  };
  const failedRows: ReconciledRow[] = [];
  const unknownRows: ReconciledRow[] = [];
  const reviewRows: ReconciledRow[] = [];
  const duplicateRows: DuplicateRow[] = [];
  const missingRows: MissingRow[] = [];
  const retryIndexes: number[] = [];
  const review: { rowIndex: number; why: string }[] = [];
  const outcome: Required<Omit<SubmissionOutcome, 'duplicateRows'>> & { duplicateRows: DuplicateRecord[] } = {
    succeeded: 0,
    failed: 0,
    unknown: 0,
    missing: 0,
    appliedLocalIds: [],
    failedLocalIds: [],
    unknownLocalIds: [],
    missingLocalIds: [],
    createdInsteadOfUpdatedLocalIds: [],
    duplicates: 0,
    duplicateRows: [],
    needsReview: 0,
  };
  const reported = new Set<string>();
  const createdKeys = { localIds: [] as string[], emails: [] as string[] };

  table.rows.forEach((row, rowIndex) => {
    const values = uploadedValues(row.values, detected);
    const result = classifyResult(row.values[resultIndex]);
    const localId = localIdKey(cell(values, columns, 'localId'));
    const email = cell(values, columns, 'email').trim();
    if (localId) reported.add(localId);
    const shown = (): ReconciledRow => ({ line: row.line, localId, name: personName(values, columns), email, result: result.text });

    if (result.text === '') {
      counts.missing++;
      if (localId) {
        outcome.missingLocalIds.push(localId);
        outcome.unknownLocalIds.push(localId);
      }
      if (missingRows.length < SHOWN_ROWS_LIMIT) missingRows.push({ localId, line: row.line, name: personName(values, columns) });
      review.push({ rowIndex, why: 'The results give no result for this row: check in the portal whether it was applied.' });
      return;
    }
    if (result.outcome === 'failure') {
      counts.failure++;
      if (localId) outcome.failedLocalIds.push(localId);
      if (failedRows.length < SHOWN_ROWS_LIMIT) failedRows.push(shown());
      retryIndexes.push(rowIndex);
      return;
    }
    if (result.outcome === 'unknown') {
      counts.unknown++;
      if (localId) outcome.unknownLocalIds.push(localId);
      if (unknownRows.length < SHOWN_ROWS_LIMIT) unknownRows.push(shown());
      review.push({ rowIndex, why: 'The portal\u2019s result is not clearly a success or a failure: check this account in the portal.' });
      return;
    }

    // Applied (success or review): never a retry row.
    if (localId) outcome.appliedLocalIds.push(localId);
    let rowClass: RowClass = result.action === 'created' ? 'created' : 'updated';
    if (result.action === 'created') {
      if (localId) createdKeys.localIds.push(localId);
      if (email) createdKeys.emails.push(emailKey(email));
      const duplicate = duplicateOf(
        rowIndex,
        localId,
        emailKey(email),
        cell(values, columns, 'portalId').trim(),
        predicted,
        predictedUpdates,
        input.existingAccounts,
      );
      if (duplicate) {
        rowClass = 'duplicate';
        counts.duplicates++;
        if (localId) outcome.createdInsteadOfUpdatedLocalIds.push(localId);
        const record: DuplicateRecord = {
          line: row.line,
          localId,
          name: personName(values, columns),
          email,
          why: duplicate.why,
          ...(duplicate.existing ? { existing: duplicate.existing, existingFrom: duplicate.from } : {}),
        };
        if (outcome.duplicateRows.length < KEPT_DUPLICATES) outcome.duplicateRows.push(record);
        if (duplicateRows.length < SHOWN_ROWS_LIMIT) {
          duplicateRows.push({ ...shown(), ...record, result: result.text, nextStep: duplicateNextStep(record, record.existing) });
        }
        review.push({
          rowIndex,
          why: `A new account was created for someone who already had one${duplicate.existing ? ` (${duplicate.existing.email})` : ''}: ${duplicateNextStep(record, record.existing)}`,
        });
        return;
      }
    }
    if (result.outcome === 'review') {
      counts.review++;
      if (localId) outcome.unknownLocalIds.push(localId);
      if (reviewRows.length < SHOWN_ROWS_LIMIT) reviewRows.push(shown());
      review.push({
        rowIndex,
        why: `The portal applied this row (${rowClass === 'created' ? 'created' : 'updated'}) but reported a problem: check this account in the portal. Do not upload the row again.`,
      });
      return;
    }
    counts.success++;
    counts[rowClass === 'created' ? 'created' : 'updated']++;
  });

  // Rows of the uploaded file the results leave out entirely: the upload's row count minus the results rows.
  let unlisted = 0;
  if (submission) {
    const left: string[] = [];
    for (const id of submission.localIds) {
      const key = localIdKey(id);
      if (!key || reported.has(key)) continue;
      reported.add(key);
      left.push(key);
    }
    const absent = Math.max(0, submission.rowCount - table.rows.length, left.length);
    counts.missing += absent;
    unlisted = absent - left.length;
    for (const key of left) {
      outcome.missingLocalIds.push(key);
      outcome.unknownLocalIds.push(key);
      if (missingRows.length < SHOWN_ROWS_LIMIT) missingRows.push({ localId: key });
    }
  }
  counts.createdInsteadOfUpdated = counts.duplicates;
  outcome.succeeded = counts.success;
  outcome.failed = counts.failure;
  outcome.needsReview = counts.review;
  outcome.unknown = counts.unknown + counts.review + counts.missing; // missing rows may have been applied too
  outcome.missing = counts.missing;
  outcome.duplicates = counts.duplicates;

  const source: ResultsSource = {
    fileName: table.fileName,
    header: table.header,
    rows: rowValues,
    shape: { delimiter: table.delimiter, lineEnding: table.lineEnding },
    // Same rule as the panel's downloads: a byte order mark unless the original was plain UTF-8, so Excel reads accents.
    bom: table.encoding !== 'utf-8',
    resultIndex,
    uploadedHeader,
    toUploaded: (row) => uploadedValues(row, detected),
  };
  const notes = [...table.notes];
  if (!match) {
    if (candidates.length > 0) {
      notes.push(
        'These results may be for an upload CSV Guard tracked, but it will not assume so: choose the upload below if they are its results. Nothing has been changed yet.',
      );
    } else {
      notes.push(
        input.history.length === 0
          ? 'CSV Guard has no record of this upload, so it was reconciled on its own.'
          : 'This file does not match any upload CSV Guard tracked, so it was reconciled on its own and no tracked upload was changed.',
      );
    }
  } else if (match.how === 'local-ids') {
    notes.push(`Matched to “${match.submission.fileName}” by its local IDs; some values differ from the file that was uploaded.`);
  } else if (match.how === 'confirmed') {
    notes.push(`You chose “${match.submission.fileName}” as the upload these results are for.`);
  }
  if (unlisted > 0) {
    notes.push(
      `${unlisted.toLocaleString('en-GB')} of the upload\u2019s rows without a local ID are not in the results: check those accounts (new starters) in the portal before uploading them again.`,
    );
  }
  if (detected.column.name.trim() === '') notes.push(`The result column (column ${resultIndex + 1}) has no heading.`);

  const report: Omit<ReconcileReport, 'slotFreed'> = {
    fileName: table.fileName,
    resultColumn: detected.column.name,
    resultColumnIndex: resultIndex,
    resultColumnHow: detected.column.how,
    counts,
    ...(match ? { submissionId: match.submission.id } : {}),
    ...(match
      ? {
          match: {
            submissionId: match.submission.id,
            fileName: match.submission.fileName,
            how: match.how,
            ...(match.submission.processingAt !== undefined ? { uploadedAt: match.submission.processingAt } : {}),
            previousState: match.submission.state,
          },
        }
      : {}),
    ...(candidates.length > 0
      ? {
          candidates: candidates.map((c) => ({
            submissionId: c.submission.id,
            fileName: c.submission.fileName,
            rowCount: c.submission.rowCount,
            state: c.submission.state,
            ...(c.submission.processingAt !== undefined ? { uploadedAt: c.submission.processingAt } : {}),
            reason: c.reason,
          })),
        }
      : {}),
    failedRows,
    unknownRows,
    reviewRows,
    duplicateRows,
    missingRows,
    notes,
    files: {
      ...(retryIndexes.length > 0 ? { retry: buildRetryFile(source, retryIndexes) } : {}),
      ...(review.length > 0 ? { needsReview: buildNeedsReviewFile(source, review) } : {}),
    },
  };
  return { ok: true, report, ...(match ? { match } : {}), outcome, createdKeys };
}

interface PredictedLookup {
  byRow: Map<number, PredictedDuplicate>;
  byLocalId: Map<string, PredictedDuplicate>;
  byEmail: Map<string, PredictedDuplicate>;
  /** Rows line up with the uploaded file (same rows, same order). */
  rowsAlign: boolean;
}

function predictedDuplicateLookup(list: readonly PredictedDuplicate[], rowsAlign: boolean): PredictedLookup {
  const lookup: PredictedLookup = { byRow: new Map(), byLocalId: new Map(), byEmail: new Map(), rowsAlign };
  for (const p of list) {
    lookup.byRow.set(p.row, p);
    if (p.localId && !lookup.byLocalId.has(p.localId)) lookup.byLocalId.set(p.localId, p);
    if (p.email && !lookup.byEmail.has(p.email)) lookup.byEmail.set(p.email, p);
  }
  return lookup;
}

/**
 * Whether a row the portal created is a duplicate, and of which account: the check's own match first
 * (kept with the submission), then a predicted update, then the cached reports, then the row's portal ID.
 */
function duplicateOf(
  rowIndex: number,
  localId: string,
  email: string,
  portalId: string,
  predicted: PredictedLookup,
  predictedUpdates: ReadonlySet<string>,
  cached: ExistingAccounts | undefined,
): { why: DuplicateRecord['why']; existing?: ExistingAccount; from?: 'check' | 'report' } | undefined {
  const atCheck =
    (predicted.rowsAlign ? predicted.byRow.get(rowIndex) : undefined) ??
    (localId ? predicted.byLocalId.get(localId) : undefined) ??
    (email ? predicted.byEmail.get(email) : undefined);
  if (atCheck) return { why: 'matched-existing', existing: atCheck.existing, from: 'check' };
  const inReport = (localId ? cached?.byLocalId.get(localId) : undefined) ?? (email ? cached?.byEmail.get(email) : undefined);
  if (localId && predictedUpdates.has(localId))
    return { why: 'predicted-update', ...(inReport ? { existing: inReport, from: 'report' as const } : {}) };
  if (inReport) return { why: 'in-report', existing: inReport, from: 'report' };
  if (portalId) return { why: 'had-portal-id' };
  return undefined;
}

function personName(values: readonly string[], columns: ColumnMap): string {
  const display = cell(values, columns, 'displayName').trim();
  if (display) return display;
  return [cell(values, columns, 'firstName').trim(), cell(values, columns, 'lastName').trim()].filter(Boolean).join(' ');
}
