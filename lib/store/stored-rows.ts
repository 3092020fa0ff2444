import { MAILBOX_STATUSES, type Mailbox, type MailboxStatus } from '../portal/mailbox';

/**
 * How one mailbox is stored inside a row chunk: a JSON array of its fields in a fixed order, without
 * field names or the organisation (the report record holds that once). A chunk is these texts joined
 * by newlines (JSON never has a raw newline), so a whole chunk is one string: cheap to write, read
 * and hold, and only the rows a lookup finds are ever turned back into objects.
 */

const STATUSES: ReadonlySet<string> = new Set<MailboxStatus>(MAILBOX_STATUSES);

/** The optional fields, in their stored order after localId, email, status and statusText. */
const OPTIONAL_FIELDS = ['mailboxType', 'displayName', 'firstName', 'lastName', 'mobile', 'jobTitle', 'ou'] as const;
const FIRST_OPTIONAL = 4;
const EXTRA_AT = FIRST_OPTIONAL + OPTIONAL_FIELDS.length;
const FIELDS = EXTRA_AT + 1;

/** One mailbox as stored (absent fields as null, no extra columns as 0). */
export function encodeRow(mailbox: Mailbox): string {
  const fields: unknown[] = [mailbox.localId, mailbox.email, mailbox.status, mailbox.statusText];
  for (const field of OPTIONAL_FIELDS) fields.push(mailbox[field] ?? null);
  let extra: Record<string, string> | 0 = 0;
  for (const _ in mailbox.extra) {
    extra = mailbox.extra;
    break;
  }
  fields.push(extra);
  return JSON.stringify(fields);
}

/** The mailbox a stored row holds, or undefined when the row is damaged (the caller counts it as skipped). */
export function decodeRow(text: string | undefined, orgId: string): Mailbox | undefined {
  if (text === undefined) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== FIELDS) return undefined;
  const [localId, email, status, statusText] = fields as unknown[];
  if (
    typeof localId !== 'string' ||
    typeof email !== 'string' ||
    typeof statusText !== 'string' ||
    typeof status !== 'string' ||
    !STATUSES.has(status)
  )
    return undefined;
  const mailbox: Mailbox = { orgId, localId, email, status: status as MailboxStatus, statusText, extra: {} };
  for (let i = 0; i < OPTIONAL_FIELDS.length; i++) {
    const value: unknown = fields[FIRST_OPTIONAL + i];
    if (value === null) continue;
    if (typeof value !== 'string') return undefined;
    mailbox[OPTIONAL_FIELDS[i]!] = value;
  }
  const extra: unknown = fields[EXTRA_AT];
  if (extra !== 0) {
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return undefined;
    for (const value of Object.values(extra)) if (typeof value !== 'string') return undefined;
    mailbox.extra = extra as Record<string, string>;
  }
  return mailbox;
}
