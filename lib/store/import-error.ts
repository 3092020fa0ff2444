import type { ReportImportErrorKind } from '../messaging/reports-protocol';
import { errorMessage } from '../error-message';

/** Why an import stopped. Every message is written for the admin; the previous report is always kept. */
export type ReportImportErrorCode = ReportImportErrorKind;

export class ReportImportError extends Error {
  constructor(
    readonly code: ReportImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportImportError';
  }
}

const KEPT = 'Your previously imported report, if any, is still in use.';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

/** True for the browser's "no more room" error, however it reaches us. */
export function isQuotaError(error: unknown): boolean {
  return errorName(error) === 'QuotaExceededError' || /quota/i.test(errorMessage(error));
}

/** Turn whatever went wrong while importing into a ReportImportError the admin can act on. */
export function toReportImportError(error: unknown, fileName: string): ReportImportError {
  if (error instanceof ReportImportError) return error;
  if (errorName(error) === 'AbortError') return new ReportImportError('cancelled', `Import of “${fileName}” cancelled. ${KEPT}`);
  if (isQuotaError(error)) {
    return new ReportImportError(
      'quota',
      `The browser has no more storage space for CSV Guard, so “${fileName}” was not imported. ${KEPT} Free some disk space, or delete cached reports you no longer need, then import again.`,
    );
  }
  const detail = errorMessage(error);
  return new ReportImportError(
    'storage',
    `CSV Guard could not save “${fileName}” in the browser (${detail}). ${KEPT} Try again; if it keeps failing, use “Delete cached data” and import again.`,
  );
}

export function cancelledError(fileName: string): ReportImportError {
  return new ReportImportError('cancelled', `Import of “${fileName}” cancelled. ${KEPT}`);
}
