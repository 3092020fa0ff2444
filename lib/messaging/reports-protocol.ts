import type { Mailbox, ReportMeta } from '../portal/mailbox';

/** The keys of an upload the checks need mailboxes for: one round trip, not one message per row. */
export interface LookupKeys {
  localIds: string[];
  emails: string[];
  nameKeys: string[];
  mobiles: string[];
}

export interface ReportSummary extends ReportMeta {
  ageDays: number;
  stale: boolean;
}

export interface ReportsProtocol {
  'reports-list': {
    request: Record<string, never>;
    response: { reports: ReportSummary[] };
  };
  'report-delete': {
    request: { orgId: string };
    response: { deleted: boolean };
  };
  /** "Delete cached data": every report, mailbox and history record. */
  'data-delete-all': {
    request: Record<string, never>;
    response: { reports: number; mailboxes: number; submissions: number };
  };
  'lookup-mailboxes': {
    request: LookupKeys;
    response: { mailboxes: Mailbox[]; reports: ReportMeta[] };
  };
}

/**
 * Importing a Mailbox Report goes over a long-lived port (name below) so the page can show progress
 * and cancel. Disconnecting the port cancels; the previous report stays until the new one is fully written.
 */
export const REPORT_IMPORT_PORT = 'report-import';

export type ReportImportClientMessage =
  | { type: 'start'; orgLabel: string; fileName: string; text: string }
  | { type: 'cancel' };

export type ReportImportServerMessage =
  | { type: 'progress'; rowsRead: number; rowsTotal?: number; phase: 'parsing' | 'writing' | 'swapping' }
  | { type: 'done'; meta: ReportMeta }
  | { type: 'error'; message: string };
