import { writeCsv } from '../csv/write';
import type { ExportedFile } from '../messaging/checks-protocol';
import type { Submission, SubmissionState } from './types';

/** How each state reads to an admin. */
export const STATE_LABELS: Record<SubmissionState, string> = {
  preparing: 'About to be uploaded',
  processing: 'Processing in the portal',
  'results-received': 'Results received',
  finished: 'Marked as finished',
  expired: 'Expired (no results)',
};

const HEADER = [
  'File',
  'State',
  'Rows',
  'Checked at',
  'Uploaded at',
  'Ended at',
  'Succeeded',
  'Failed',
  'Unclear',
  'Missing from results',
  'Results file',
  'Failed local IDs',
  'Note',
  'Fingerprint',
];

function when(time: number | undefined): string {
  return time === undefined ? '' : new Date(time).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The submission history as a CSV an admin can keep or share with colleagues (formula-safe). */
export function historyCsv(submissions: readonly Submission[], now: number = Date.now()): ExportedFile {
  const rows = submissions.map((s) => [
    s.fileName,
    STATE_LABELS[s.state],
    String(s.rowCount),
    when(s.createdAt),
    when(s.processingAt),
    when(s.endedAt),
    s.outcome ? String(s.outcome.succeeded) : '',
    s.outcome ? String(s.outcome.failed) : '',
    s.outcome ? String(s.outcome.unknown) : '',
    s.outcome?.missing !== undefined ? String(s.outcome.missing) : '',
    s.resultsFileName ?? '',
    (s.outcome?.failedLocalIds ?? []).join(' '),
    s.note ?? '',
    s.fingerprint,
  ]);
  return {
    name: `CSV Guard upload history ${new Date(now).toISOString().slice(0, 10)}.csv`,
    content: writeCsv(HEADER, rows, { delimiter: ',', lineEnding: '\r\n' }, { purpose: 'reading', bom: true }),
  };
}
