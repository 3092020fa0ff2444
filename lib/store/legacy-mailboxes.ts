import { z } from 'zod';
import { MAILBOX_STATUSES, type Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, mobileKey, nameKey } from '../portal/normalize';

/**
 * Schema versions 1 and 2 stored one IndexedDB record per mailbox, with an index per kind of key.
 * Only the upgrade to version 3 (row chunks and key tables) still reads them, to carry an existing
 * cached report over; and tests write them, to prove that upgrade.
 */
export interface LegacyMailboxRecord extends Mailbox {
  generation: string;
  /** Version 2: 1-based record number within its import. Version 1 had none. */
  row?: number;
  emailKey?: string;
  nameKey?: string;
  mobileKey?: string;
}

const optionalText = z.string().optional();

const LegacyMailboxSchema = z.object({
  generation: z.string(),
  orgId: z.string(),
  localId: z.string(),
  email: z.string(),
  status: z.enum(MAILBOX_STATUSES),
  statusText: z.string(),
  mailboxType: optionalText,
  displayName: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  mobile: optionalText,
  jobTitle: optionalText,
  ou: optionalText,
  extra: z.record(z.string(), z.string()),
});

/** The mailbox a legacy record holds, or undefined when the record is damaged. */
export function legacyToMailbox(value: unknown): Mailbox | undefined {
  const parsed = LegacyMailboxSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { generation: _generation, ...mailbox } = parsed.data;
  // Only the fields a Mailbox has (zod drops row and the old index keys).
  for (const key of Object.keys(mailbox) as (keyof typeof mailbox)[]) if (mailbox[key] === undefined) delete mailbox[key];
  return mailbox;
}

/** The index keys a damaged legacy record was still found by (each one a string in the record). */
export function legacyKeys(value: unknown): Partial<Record<'localId' | 'email' | 'name' | 'mobile', string>> {
  const record = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const text = (field: string) => (typeof record[field] === 'string' ? (record[field] as string) : undefined);
  const keys = { localId: text('localId'), email: text('emailKey'), name: text('nameKey'), mobile: text('mobileKey') };
  return Object.fromEntries(Object.entries(keys).filter(([, key]) => key !== undefined));
}

/** A record as version 2 wrote it (tests of the upgrade build old databases with this). */
export function toLegacyMailboxRecord(mailbox: Mailbox, generation: string, row: number): LegacyMailboxRecord {
  const record: LegacyMailboxRecord = { ...mailbox, generation, row };
  const email = emailKey(mailbox.email);
  if (email) record.emailKey = email;
  const name = nameKey(mailbox.firstName, mailbox.lastName) || displayNameKey(mailbox.displayName);
  if (name) record.nameKey = name;
  const mobile = mobileKey(mailbox.mobile);
  if (mobile) record.mobileKey = mobile;
  return record;
}
