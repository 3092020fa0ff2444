import { z } from 'zod';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import type { MessageSpecs } from './message-spec';

/**
 * The keys of an upload the checks need mailboxes for: one round trip, not one message per row. Each
 * kind in any order (the check asks in row order); a key may repeat (each mailbox is answered once),
 * and '' asks for nothing (so a row without one keeps its place).
 */
export interface LookupKeys {
  /** Local IDs as in the upload; the store normalises them with localIdKey (not when keyHashes are given: see there). */
  localIds: readonly string[];
  /** Already normalised with emailKey. */
  emails: readonly string[];
  /** Already normalised with nameKey / displayNameKey. */
  nameKeys: readonly string[];
  /** Already normalised with mobileKey. */
  mobiles: readonly string[];
  /**
   * keyHash (lib/portal/key-hash) of each key of these kinds, row-aligned with it, when the asker made them
   * already (a check, in the worker): the keys are then all normalised, local IDs included, and the lookup
   * neither normalises nor hashes any of them again.
   */
  keyHashes?: { localIds: Int32Array; emails: Int32Array; mobiles: Int32Array };
}

/**
 * What a lookup found for each asked local ID, email and mobile: list i is for the i-th key asked of
 * that kind (so row-aligned keys get row-aligned answers), holding the found mailboxes with that key in
 * the order of the lookup's `mailboxes`, damaged records left out: exactly the list an index built
 * from those mailboxes files under that key. Empty lists for '' and for keys matching nothing. Lists
 * may be shared (a key asked again): never change them.
 */
export interface KeyMatches {
  localIds: readonly (readonly Mailbox[])[];
  emails: readonly (readonly Mailbox[])[];
  mobiles: readonly (readonly Mailbox[])[];
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
}

/** Everything here reads or changes the cached reports: only the extension's own pages may ask. */
export const REPORTS_MESSAGES: Readonly<MessageSpecs<ReportsProtocol>> = {
  'reports-list': { from: 'extension', request: z.strictObject({}) },
  'report-delete': { from: 'extension', request: z.strictObject({ orgId: z.string().min(1).max(200) }) },
  'data-delete-all': { from: 'extension', request: z.strictObject({}) },
};

/**
 * Importing a Mailbox Report goes over a long-lived port (name below) so the page can show progress
 * and cancel. Disconnecting the port cancels; the previous report stays until the new one is fully written.
 */
export const REPORT_IMPORT_PORT = 'report-import';

export type ReportImportClientMessage =
  /**
   * `file`: the chosen file itself, which the worker reads and decodes (`readUserFile`), so the page's
   * thread is not held cloning its text (a 100,000-row report with one character beyond U+00FF: 421–443
   * ms, against 0–1 ms for the file). `text`: the file's text, sent only when the worker answers
   * `send-text` (messaging that turns a Blob into `{}`).
   */
  | { type: 'start'; orgLabel: string; fileName: string; file: Blob }
  | { type: 'start'; orgLabel: string; fileName: string; text: string }
  | { type: 'cancel' }
  /** Sent every few seconds while importing: a message to the worker keeps Chrome from stopping it as idle. */
  | { type: 'keepalive' };

/** Every message the page sends on the import port is parsed with this before the background acts on it. */
export const ReportImportClientMessageSchema: z.ZodType<ReportImportClientMessage> = z.union([
  z.strictObject({ type: z.literal('start'), orgLabel: z.string().max(200), fileName: z.string().min(1).max(1000), text: z.string() }),
  // Any object: a Blob, or what JSON messaging made of one ({}), which the port answers with 'send-text'.
  z.strictObject({
    type: z.literal('start'),
    orgLabel: z.string().max(200),
    fileName: z.string().min(1).max(1000),
    file: z.custom<Blob>((value) => typeof value === 'object' && value !== null, 'Expected the file.'),
  }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('keepalive') }),
]);

export type ReportImportErrorKind = 'wrong-file' | 'empty' | 'unreadable' | 'quota' | 'cancelled' | 'storage';

export type ReportImportServerMessage =
  | { type: 'progress'; rowsRead: number; rowsTotal?: number; phase: 'parsing' | 'writing' | 'swapping' }
  | { type: 'done'; meta: ReportMeta }
  /** The file did not arrive as a file (messaging made it `{}`): send `start` again with its text. */
  | { type: 'send-text' }
  /** The import stopped; `message` is written for the admin. The previous report is kept. */
  | { type: 'error'; message: string; kind?: ReportImportErrorKind };
