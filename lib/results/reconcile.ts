import type { CsvTable } from '../csv/types';
import { cell, resolveUploadColumns, type ColumnMap } from '../portal/columns';
import { localIdKey } from '../portal/normalize';
import type { Submission, SubmissionOutcome } from '../submissions/types';
import { classifyResult } from './classify-result';
import { detectResultColumn } from './detect-result-column';
import { matchSubmission, withoutColumn, type SubmissionMatch } from './match-submission';
import { buildNeedsReviewFile, buildRetryFile, type ResultsSource } from './retry-file';
import { SHOWN_ROWS_LIMIT, type MissingRow, type ReconcileReport, type ReconciledRow } from './types';

export interface ReconcileInput {
  table: CsvTable;
  /** Submission history to match against (newest first is fine; order does not matter). */
  history: readonly Submission[];
  /** The upload template header (learnt from the page, else the bundled one). */
  templateHeader: readonly string[];
  /**
   * Local IDs (localIdKey) that already had an account in the cached Mailbox Reports, with that
   * account's email: a row with one of these that "created" an account is a probable duplicate.
   */
  existingAccounts?: ReadonlyMap<string, string>;
}

export type Reconciliation =
  | {
      ok: true;
      report: Omit<ReconcileReport, 'slotFreed'>;
      match?: SubmissionMatch;
      outcome: SubmissionOutcome;
      /** Local IDs of every row the portal says it created: look these up to find existing accounts. */
      createdLocalIds: string[];
    }
  | { ok: false; error: string };

/**
 * Read the portal's results email CSV: find the result column, classify every row, match it to the
 * tracked submission, and build the retry and needs-review files. Pure: the caller records the outcome.
 */
export function reconcileResults(input: ReconcileInput): Reconciliation {
  const { table } = input;
  const rowValues = table.rows.map((r) => r.values);
  const match = matchSubmission({ header: table.header, rows: rowValues }, input.history, input.templateHeader);
  const detected = match ? { ok: true as const, column: match.column } : detectResultColumn(table.header, { templateHeader: input.templateHeader });
  if (!detected.ok) return { ok: false, error: detected.reason };
  const resultIndex = detected.column.index;
  const uploadedHeader = withoutColumn(table.header, resultIndex);
  const columns = resolveUploadColumns(uploadedHeader);
  const submission = match?.submission;
  const predictedUpdates = new Set((submission?.predictedUpdateLocalIds ?? []).map(localIdKey));

  const counts = { success: 0, failure: 0, unknown: 0, missing: 0, rows: table.rows.length, createdInsteadOfUpdated: 0 };
  const failedRows: ReconciledRow[] = [];
  const unknownRows: ReconciledRow[] = [];
  const createdRows: ReconciledRow[] = [];
  const missingRows: MissingRow[] = [];
  const retryIndexes: number[] = [];
  const review: { rowIndex: number; why: string }[] = [];
  const outcome: Required<SubmissionOutcome> = {
    succeeded: 0,
    failed: 0,
    unknown: 0,
    missing: 0,
    appliedLocalIds: [],
    failedLocalIds: [],
    unknownLocalIds: [],
    missingLocalIds: [],
    createdInsteadOfUpdatedLocalIds: [],
  };
  const reported = new Set<string>();
  const createdLocalIds: string[] = [];

  table.rows.forEach((row, rowIndex) => {
    const values = withoutColumn(row.values, resultIndex);
    const result = classifyResult(row.values[resultIndex]);
    const localId = localIdKey(cell(values, columns, 'localId'));
    if (localId) reported.add(localId);
    const shown = (): ReconciledRow => ({ line: row.line, localId, name: personName(values, columns), email: cell(values, columns, 'email').trim(), result: result.text });

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
    counts.success++;
    if (localId) outcome.appliedLocalIds.push(localId);
    if (result.action === 'created') {
      if (localId) createdLocalIds.push(localId);
      const existingEmail = localId ? input.existingAccounts?.get(localId) : undefined;
      const expectedUpdate = (localId !== '' && predictedUpdates.has(localId)) || cell(values, columns, 'portalId').trim() !== '' || existingEmail !== undefined;
      if (expectedUpdate) {
        counts.createdInsteadOfUpdated++;
        if (localId) outcome.createdInsteadOfUpdatedLocalIds.push(localId);
        if (createdRows.length < SHOWN_ROWS_LIMIT) createdRows.push({ ...shown(), ...(existingEmail ? { existingEmail } : {}) });
        review.push({
          rowIndex,
          why: `A new account was created where an update was expected: look for a duplicate${existingEmail ? ` of ${existingEmail}` : ''} in the portal.`,
        });
      }
    }
  });

  // Rows of the uploaded file the results leave out entirely.
  if (submission) {
    for (const id of submission.localIds) {
      const key = localIdKey(id);
      if (!key || reported.has(key)) continue;
      reported.add(key);
      counts.missing++;
      outcome.missingLocalIds.push(key);
      outcome.unknownLocalIds.push(key);
      if (missingRows.length < SHOWN_ROWS_LIMIT) missingRows.push({ localId: key });
    }
  }
  outcome.succeeded = counts.success;
  outcome.failed = counts.failure;
  outcome.unknown = counts.unknown + counts.missing; // missing rows may have been applied too
  outcome.missing = counts.missing;

  const source: ResultsSource = {
    fileName: table.fileName,
    header: table.header,
    rows: rowValues,
    shape: { delimiter: table.delimiter, lineEnding: table.lineEnding },
    // Same rule as the panel's downloads: a byte order mark unless the original was plain UTF-8, so Excel reads accents.
    bom: table.encoding !== 'utf-8',
    resultIndex,
  };
  const notes = [...table.notes];
  if (!match) {
    notes.push(
      input.history.length === 0
        ? 'CSV Guard has no record of this upload, so it was reconciled on its own.'
        : 'This file does not match any upload CSV Guard tracked, so it was reconciled on its own and no tracked upload was changed.',
    );
  } else if (match.how === 'local-ids') {
    notes.push(`Matched to "${match.submission.fileName}" by its local IDs; some values differ from the file that was uploaded.`);
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
    failedRows,
    unknownRows,
    createdInsteadOfUpdated: createdRows,
    missingRows,
    notes,
    files: {
      ...(retryIndexes.length > 0 ? { retry: buildRetryFile(source, retryIndexes, submission?.header) } : {}),
      ...(review.length > 0 ? { needsReview: buildNeedsReviewFile(source, review) } : {}),
    },
  };
  return { ok: true, report, ...(match ? { match } : {}), outcome, createdLocalIds };
}

function personName(values: readonly string[], columns: ColumnMap): string {
  const display = cell(values, columns, 'displayName').trim();
  if (display) return display;
  return [cell(values, columns, 'firstName').trim(), cell(values, columns, 'lastName').trim()].filter(Boolean).join(' ');
}
