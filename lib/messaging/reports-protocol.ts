import type { Mailbox, ReportMeta } from '../portal/mailbox';

/** The keys of an upload the checks need mailboxes for: one round trip, not one message per row. */
export interface LookupKeys {
  /** Local IDs as in the upload; the store normalises them with localIdKey. */
  localIds: string[];
  /** Already normalised with emailKey. */
  emails: string[];
  /** Already normalised with nameKey / displayNameKey. */
  nameKeys: string[];
  /** Already normalised with mobileKey. */
  mobiles: string[];
}

/** A cached report with its age, judged against the admin's stale-report setting. */
export interface ReportSummary extends ReportMeta {
  /** Whole days since the data was produced: from `generatedAt` when known, else from `importedAt`. */
  ageDays: number;
  /** Older than the stale age: the checks add `stale-report`. */
  stale: boolean;
  ageBasis: 'generated' | 'imported';
  /** Whole days since it was imported (the age when the file does not say when it was generated). */
  importedDaysAgo: number;
}

/** A stored report record that could not be read; the admin can delete it by orgId. */
export interface DamagedReportSummary {
  orgId: string;
  problem: string;
}

export interface ReportsProtocol {
  'reports-list': {
    request: Record<string, never>;
    response: { reports: ReportSummary[]; damaged: DamagedReportSummary[] };
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
    /**
     * Matching mailboxes of every live report; `reports` lists every cached report with its age, so
     * the checks can add stale-report (and say "no report cached" when it is empty).
     * `skippedRecords` counts matches that were damaged in storage and left out.
     */
    response: { mailboxes: Mailbox[]; reports: ReportSummary[]; skippedRecords?: number };
  };
}

/**
 * Importing a Mailbox Report goes over a long-lived port (name below) so the page can show progress
 * and cancel. Disconnecting the port cancels; the previous report stays until the new one is fully written.
 */
export const REPORT_IMPORT_PORT = 'report-import';

export type ReportImportClientMessage =
  | { type: 'start'; orgLabel: string; fileName: string; text: string }
  | { type: 'cancel' }
  /** Sent every few seconds while importing: a message to the worker keeps Chrome from stopping it as idle. */
  | { type: 'keepalive' };

export type ReportImportErrorKind = 'wrong-file' | 'empty' | 'unreadable' | 'quota' | 'cancelled' | 'storage';

export type ReportImportServerMessage =
  | { type: 'progress'; rowsRead: number; rowsTotal?: number; phase: 'parsing' | 'writing' | 'swapping' }
  | { type: 'done'; meta: ReportMeta }
  /** The import stopped; `message` is written for the admin. The previous report is kept. */
  | { type: 'error'; message: string; kind?: ReportImportErrorKind };
