import type { ExportKind } from '../../lib/messaging/checks-protocol';
import type { RuleId, Severity } from '../../lib/checks/types';

/** One formatter for every number: toLocaleString('en-GB') builds a new one per call, which the profiles showed on the portal page. */
const numberFormat = new Intl.NumberFormat('en-GB');

/** "12,345". */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** "1 row", "3 rows". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

export const RULE_TITLES: Record<RuleId, string> = {
  'probable-duplicate': 'Probable duplicate accounts',
  'missing-local-id': 'Missing local ID',
  'unknown-local-id': 'Local ID not found in the Mailbox Report',
  'identity-mismatch': 'Local ID belongs to someone else',
  'duplicate-local-id': 'Local ID used more than once',
  'ou-change': 'Organisational unit changes',
  'password-column': 'Password column',
  'inactive-account': 'Accounts that are not active',
  'invalid-field': 'Values the portal may reject',
  'no-change': 'Rows that change nothing',
  header: 'Column headings',
  'batch-size': 'File size',
  'stale-report': 'Mailbox Report age',
  'no-report': 'No Mailbox Report',
  'suspicious-characters': 'Hidden or unusual characters',
  resubmission: 'Rows already submitted',
  'ambiguous-local-id': 'Local ID shared by several accounts',
  'deleted-account': 'Permanently deleted accounts',
  'local-id-not-exact': 'Spaces around a local ID',
  'formula-value': 'Value a spreadsheet would run as a formula',
  'duplicate-new-account': 'Same new person twice',
};

/** Said in words as well as colour. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  block: 'Blocks upload',
  warn: 'Check this',
  info: 'For information',
};

/** A blocking finding the admin has acknowledged (by its kind, or its row one by one). */
export const ACKNOWLEDGED_LABEL = 'Acknowledged';

export const EXPORT_LABELS: Record<ExportKind, string> = {
  'without-password': 'Download without the password column',
  'without-blocked': 'Download without the blocked rows',
  batches: 'Download in smaller batches',
  'needs-attention': 'Download the rows that need attention',
  remainder: 'Download the rows not yet applied',
  'without-overwrites': "Download without the rows that would overwrite other people's accounts",
};

export const PHASE_LABELS = {
  reading: 'reading the file',
  parsing: 'reading the rows',
  'looking-up': 'looking up mailboxes',
  checking: 'checking each row',
} as const;

/** "14:05" today, "3 Mar, 14:05" on another day. */
export function formatTime(at: number, now = Date.now()): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${time}`;
}

/** "Line 12", or what a file-wide finding is about. */
export function lineLabel(line: number): string {
  if (line === 0) return 'Whole file';
  if (line === 1) return 'Header';
  return `Line ${line}`;
}
