import { z } from 'zod';
import type { Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, mobileKey, nameKey } from '../portal/normalize';
import type { StoredMailbox, StoredReport } from './db';

/**
 * Stored records as they must look. What comes back from IndexedDB is checked against these, so a
 * damaged record is skipped and reported instead of crashing a lookup or the options page.
 */
const STATUSES = [
  'active', 'inactive', 'leaver', 'locked', 'deleted', 'deleted-permanent', 'disabled',
  'enabling', 'disabling', 'deleting', 'restoring', 'pending', 'migration-pending', 'unknown',
] as const;

const optionalText = z.string().optional();

export const StoredMailboxSchema = z.object({
  generation: z.string(),
  row: z.number(),
  orgId: z.string(),
  localId: z.string(),
  email: z.string(),
  status: z.enum(STATUSES),
  statusText: z.string(),
  mailboxType: optionalText,
  displayName: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  mobile: optionalText,
  jobTitle: optionalText,
  ou: optionalText,
  extra: z.record(z.string(), z.string()),
  emailKey: optionalText,
  nameKey: optionalText,
  mobileKey: optionalText,
});

export const StoredReportSchema = z.object({
  orgId: z.string().min(1),
  orgLabel: z.string(),
  fileName: z.string(),
  importedAt: z.number(),
  generatedAt: z.number().optional(),
  rowCount: z.number().int().nonnegative(),
  rowsWithoutLocalId: z.number().int().nonnegative(),
  columns: z.array(z.string()),
  generation: z.string().min(1),
});

/** A mailbox ready to store: its generation, its record number and the keys the lookups use. */
export function toStoredMailbox(mailbox: Mailbox, generation: string, row: number): StoredMailbox {
  const stored: StoredMailbox = { ...mailbox, generation, row };
  // Empty keys are left out: the row then takes no entry in that index.
  const email = emailKey(mailbox.email);
  if (email) stored.emailKey = email;
  // First and last names when the report has both; otherwise whatever the display name gives.
  const name = nameKey(mailbox.firstName, mailbox.lastName) || displayNameKey(mailbox.displayName);
  if (name) stored.nameKey = name;
  const mobile = mobileKey(mailbox.mobile);
  if (mobile) stored.mobileKey = mobile;
  return stored;
}

/** The mailbox as the checks see it, without the store's bookkeeping. */
export function toMailbox(stored: StoredMailbox): Mailbox {
  const { generation: _g, row: _r, emailKey: _e, nameKey: _n, mobileKey: _m, ...mailbox } = stored;
  return mailbox;
}

export function isStoredMailbox(value: unknown): value is StoredMailbox {
  return StoredMailboxSchema.safeParse(value).success;
}

export function isStoredReport(value: unknown): value is StoredReport {
  return StoredReportSchema.safeParse(value).success;
}
