import Papa from 'papaparse';
import { parseUpload } from './csv-records';
import type { Directory, ReplicaAccount } from './directory';
import { rowProblem } from './field-rules';
import { readRows, type UploadRow } from './upload-rows';

/** What the portal did with one row. */
export type RowAction = 'updated' | 'created' | 'failed' | 'not-processed';

export interface RowOutcome {
  line: number;
  action: RowAction;
  /** 'Updated', 'Created', 'Failed - <reason>', or '' for a row a failed run never reached: the results email's extra column. */
  result: string;
  portalId?: string;
}

export interface ProcessOptions {
  uploadId: string;
  /** The directory's local ID index when the upload was received (Directory.localIdSnapshot()). */
  matchedAtReceipt: Map<string, string>;
  resultColumnName: string;
  /** The run fails after this many rows: later rows change nothing and get a blank result. */
  failAfterRows?: number;
}

export interface ProcessedUpload {
  /** The file's rows as the portal read them (same order as outcomes). */
  rows: UploadRow[];
  outcomes: RowOutcome[];
  /** The uploaded CSV (same header and order) plus one last column holding each row's result. */
  resultsCsv: string;
}

/**
 * Applies an upload the way the portal does, harm included (see /work/shared/portal-facts.md):
 * - a row whose local ID matched an account when the upload was received updates it;
 * - any other row (blank, stale or mistyped local ID) creates a new account, even when that person
 *   already has one: the duplicate;
 * - the organisational unit is never changed (CSV cannot move users: that is Bulk Edit → Transfer);
 * - a password column is ignored (it maps to no field);
 * - a run can fail part-way (`failAfterRows`): the rows before it are applied, the rest are not.
 *
 * `matchedAtReceipt` is the directory's local ID index when the upload arrived, so two uploads
 * received before either was processed both create (the portal's parallel-upload duplicates).
 * This is the portal model the replica server and the harm simulator (tests/harm) share.
 */
export function processUpload(directory: Directory, text: string, options: ProcessOptions): ProcessedUpload {
  const parsed = parseUpload(text);
  const rows = readRows(parsed.header, parsed.records);
  const createdHere = new Map<string, string>();
  const stopAt = options.failAfterRows ?? Infinity;
  const outcomes = rows.map((row, i): RowOutcome =>
    i < stopAt ? applyRow(directory, row, options, createdHere) : { line: row.line, action: 'not-processed', result: '' },
  );
  const resultsCsv = Papa.unparse(
    {
      fields: [...parsed.header, options.resultColumnName],
      data: parsed.records.map((record, i) => [...record.fields, outcomes[i]?.result ?? '']),
    },
    { newline: '\r\n' },
  );
  return { rows, outcomes, resultsCsv };
}

function applyRow(
  directory: Directory,
  row: UploadRow,
  options: Pick<ProcessOptions, 'uploadId' | 'matchedAtReceipt'>,
  createdHere: Map<string, string>,
): RowOutcome {
  const v = row.values;
  const problem = rowProblem(v);
  if (problem) return { line: row.line, action: 'failed', result: `Failed - ${problem}` };

  const localId = v.localId ?? '';
  const matchedPortalId = localId ? (options.matchedAtReceipt.get(localId) ?? createdHere.get(localId)) : undefined;
  const existing = matchedPortalId ? directory.byPortalId(matchedPortalId) : undefined;
  if (existing) {
    if (v.email && v.email.toLowerCase() !== existing.email.toLowerCase() && directory.byEmail(v.email)) {
      return { line: row.line, action: 'failed', result: 'Failed - Email address is already in use', portalId: existing.portalId };
    }
    update(directory, existing, row);
    return { line: row.line, action: 'updated', result: 'Updated', portalId: existing.portalId };
  }

  // No match: the portal creates an account. This is the duplicate when the person already exists.
  const firstName = v.firstName ?? '';
  const lastName = v.lastName ?? '';
  const account: ReplicaAccount = {
    portalId: directory.newPortalId(),
    localId: localId || directory.newLocalId(),
    email: directory.freeEmail(v.email ?? '', firstName, lastName),
    title: v.title ?? '',
    firstName,
    lastName,
    displayName: v.displayName || `${firstName} ${lastName}`.trim(),
    mobile: v.mobile ?? '',
    telephone: v.telephone ?? '',
    jobTitle: v.jobTitle ?? '',
    department: v.department ?? '',
    ou: v.ou ?? '',
    status: 'Pending',
    mailboxType: 'User',
    createdByUploadId: options.uploadId,
  };
  directory.add(account);
  createdHere.set(account.localId, account.portalId);
  return { line: row.line, action: 'created', result: 'Created', portalId: account.portalId };
}

/** Fields present with a value overwrite the account's; blank cells leave them alone. The OU is never changed. */
function update(directory: Directory, account: ReplicaAccount, row: UploadRow): void {
  const v = row.values;
  const fields = ['title', 'firstName', 'lastName', 'displayName', 'mobile', 'telephone', 'jobTitle', 'department'] as const;
  for (const field of fields) {
    const value = v[field];
    if (value) account[field] = value;
  }
  if (v.email) directory.changeEmail(account, v.email);
}
