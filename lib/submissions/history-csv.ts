import { writeCsv } from '../csv/write';
import type { ExportedFile } from '../messaging/checks-protocol';
import type { HistoryEntry } from './history-entry';
import type { SubmissionState } from './types';

/** How each state reads to an admin. */
export const STATE_LABELS: Readonly<Record<SubmissionState, string>> = {
  preparing: 'About to be uploaded',
  processing: 'Processing in the portal',
  'results-received': 'Results received',
  finished: 'Marked as finished',
  expired: 'Expired (no results)',
};

const HEADER: readonly string[] = [
  'File',
  'State',
  'Rows',
  'Checked at',
  'Uploaded at',
  'Ended at',
  'Succeeded',
  'Duplicate accounts created',
  'Failed',
  'Unclear',
  'Missing from results',
  'Results file',
  'Failed local IDs',
  'Duplicates (line: new account → existing account)',
  'Note',
  'Fingerprint',
];

/** "line 4: jo.bloggs@nhs.net (RXX1) → jo.bloggs1@nhs.net (RXX1)"; "existing account not known" when it is not. */
function duplicatesText(s: HistoryEntry): string {
  return (s.outcome?.duplicateRows ?? [])
    .map((d) => {
      const created = [d.name, d.email].filter(Boolean).join(' ') || '(no email)';
      const existing = d.existing ? `${d.existing.email}${d.existing.localId ? ` (${d.existing.localId})` : ''}` : 'existing account not known';
      return `line ${d.line}: ${created}${d.localId ? ` (${d.localId})` : ''} → ${existing}`;
    })
    .join('; ');
}

function when(time: number | undefined): string {
  return time === undefined ? '' : new Date(time).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The submission history as a CSV an admin can keep or share with colleagues (formula-safe). */
export function historyCsv(submissions: readonly HistoryEntry[], now: number = Date.now()): ExportedFile {
  const rows = submissions.map((s) => [
    s.fileName,
    STATE_LABELS[s.state],
    String(s.rowCount),
    when(s.createdAt),
    when(s.processingAt),
    when(s.endedAt),
    s.outcome ? String(s.outcome.succeeded) : '',
    s.outcome ? String(s.outcome.duplicates ?? s.outcome.createdInsteadOfUpdatedLocalIds?.length ?? 0) : '',
    s.outcome ? String(s.outcome.failed) : '',
    s.outcome ? String(s.outcome.unknown) : '',
    s.outcome?.missing !== undefined ? String(s.outcome.missing) : '',
    s.resultsFileName ?? '',
    (s.outcome?.failedLocalIds ?? []).join(' '),
    duplicatesText(s),
    s.note ?? '',
    s.fingerprint,
  ]);
  return {
    name: `CSV Guard upload history ${new Date(now).toISOString().slice(0, 10)}.csv`,
    content: writeCsv(HEADER, rows, { delimiter: ',', lineEnding: '\r\n' }, { purpose: 'reading', bom: true }),
  };
}
