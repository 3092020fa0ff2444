import Papa from 'papaparse';
import { parseUpload } from './csv-records';
import type { Directory, ReplicaAccount } from './directory';
import { rowProblem } from './field-rules';
import { readRows, type UploadRow } from './upload-rows';

export interface RowOutcome {
  line: number;
  /** 'Updated', 'Created' or 'Failed - <reason>': the text of the results email's extra column. */
  result: string;
  portalId?: string;
}

export interface ProcessedUpload {
  outcomes: RowOutcome[];
  /** The uploaded CSV (same header and order) plus one last column holding each row's result. */
  resultsCsv: string;
}

/**
 * Applies an upload the way the portal does, harm included: a row whose local ID matched no
 * account when the upload was received creates a new account, even when that person already has one.
 *
 * `matchedAtReceipt` is the directory's local ID index when the upload arrived, so two uploads
 * received before either was processed both create (the portal's parallel-upload duplicates).
 */
export function processUpload(
  directory: Directory,
  text: string,
  options: { uploadId: string; matchedAtReceipt: Map<string, string>; resultColumnName: string },
): ProcessedUpload {
  const parsed = parseUpload(text);
  const rows = readRows(parsed.header, parsed.records);
  const createdHere = new Map<string, string>();
  const outcomes = rows.map((row) => applyRow(directory, row, options, createdHere));
  const resultsCsv = Papa.unparse(
    {
      fields: [...parsed.header, options.resultColumnName],
      data: parsed.records.map((record, i) => [...record.fields, outcomes[i]?.result ?? '']),
    },
    { newline: '\r\n' },
  );
  return { outcomes, resultsCsv };
}

function applyRow(
  directory: Directory,
  row: UploadRow,
  options: { uploadId: string; matchedAtReceipt: Map<string, string> },
  createdHere: Map<string, string>,
): RowOutcome {
  const v = row.values;
  const problem = rowProblem(v);
  if (problem) return { line: row.line, result: `Failed - ${problem}` };

  const localId = v.localId ?? '';
  const matchedPortalId = localId ? (options.matchedAtReceipt.get(localId) ?? createdHere.get(localId)) : undefined;
  const existing = matchedPortalId ? directory.byPortalId(matchedPortalId) : undefined;
  if (existing) {
    if (v.email && v.email.toLowerCase() !== existing.email.toLowerCase() && directory.byEmail(v.email)) {
      return { line: row.line, result: 'Failed - Email address is already in use', portalId: existing.portalId };
    }
    update(directory, existing, row);
    return { line: row.line, result: 'Updated', portalId: existing.portalId };
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
  return { line: row.line, result: 'Created', portalId: account.portalId };
}

/** Fields present with a value overwrite the account's; blank cells leave them alone. */
function update(directory: Directory, account: ReplicaAccount, row: UploadRow): void {
  const v = row.values;
  const fields = ['title', 'firstName', 'lastName', 'displayName', 'mobile', 'telephone', 'jobTitle', 'department', 'ou'] as const;
  for (const field of fields) {
    const value = v[field];
    if (value) account[field] = value;
  }
  if (v.email) directory.changeEmail(account, v.email);
}
