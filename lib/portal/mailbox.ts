/** The portal's account statuses (Types of Account Status). `unknown` keeps values we have not seen. */
export const MAILBOX_STATUSES = [
  'active',
  'inactive',
  'leaver',
  'locked',
  'deleted',
  'deleted-permanent',
  'disabled',
  'enabling',
  'disabling',
  'deleting',
  'restoring',
  'pending',
  'migration-pending',
  'unknown',
] as const;
export type MailboxStatus = (typeof MAILBOX_STATUSES)[number];

/** One row of a Mailbox Report, normalised. Only email and localId are required by the report. */
export interface Mailbox {
  /** Which organisation's report this came from (the label the admin gave on import). */
  orgId: string;
  /** ExternalSyncID; '' when the report row has none (exactly the accounts at risk of duplication). */
  localId: string;
  email: string;
  status: MailboxStatus;
  /** The report's own status text, shown to the admin as-is. */
  statusText: string;
  mailboxType?: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  mobile?: string;
  jobTitle?: string;
  ou?: string;
  /** Every other column of the report, kept verbatim. */
  extra: Record<string, string>;
}

/** What we know about one imported Mailbox Report (one per organisation). */
export interface ReportMeta {
  orgId: string;
  orgLabel: string;
  fileName: string;
  importedAt: number;
  /** When the portal generated the report, if the file says so. */
  generatedAt?: number;
  rowCount: number;
  rowsWithoutLocalId: number;
  columns: string[];
}
