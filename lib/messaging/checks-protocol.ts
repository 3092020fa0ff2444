import type { TextEncodingName } from '../csv/types';
import type { CheckSummary, Finding, RuleId, Severity } from '../checks/types';
import type { ReportMeta } from '../portal/mailbox';
import type { SlotStatus } from '../submissions/types';

/** The corrected files an admin can download from the panel. */
export type ExportKind = 'without-password' | 'without-blocked' | 'batches' | 'needs-attention' | 'remainder';

export interface ExportedFile {
  name: string;
  /** CSV text, formula-safe, with the upload's header and column order. */
  content: string;
}

/** Freshness of the cached report(s) the check relied on. */
export interface ReportFreshness {
  reports: ReportMeta[];
  /** Age in days of the oldest report used; undefined when none is cached. */
  oldestAgeDays?: number;
  stale: boolean;
}

/**
 * The findings of one rule as the panel first sees them: how many there are and the first few by line.
 * The rest stay in the background and are fetched with 'check-findings' when the admin asks.
 */
export interface FindingGroupPreview {
  rule: RuleId;
  /** The most severe of the group's findings. */
  severity: Severity;
  total: number;
  /** The first findings of the group, in line order (at most FINDINGS_PREVIEWED_PER_RULE). */
  first: Finding[];
}

/**
 * Everything the panel shows for one chosen file. Deliberately small: unpacking every finding on the
 * portal page was its longest task. The background keeps the full check (local IDs, all findings) by checkId.
 */
export interface CheckReport {
  checkId: string;
  fileName: string;
  fingerprint: string;
  header: string[];
  /** The tab that asked, so the page can tell "uploaded in this tab" after the slot stops being `yours`. */
  tabId?: number;
  summary: CheckSummary;
  /** One per rule that found something, blocking rules first, then in order of first line. */
  groups: FindingGroupPreview[];
  notes: string[];
  freshness: ReportFreshness;
  slot: SlotStatus;
  /** Export kinds that make sense for this result (e.g. no 'without-password' when there is no password column). */
  exports: ExportKind[];
}

/** Selectors an admin can give by hand on the options page when the page is not recognised. */
export interface ManualSelectors {
  fileInput?: string;
  validateButton?: string;
  uploadButton?: string;
}

export interface ChecksProtocol {
  /** Parse and check a chosen upload file against the cached reports and submission history. */
  'check-upload': {
    /**
     * requestId (chosen by the tab) ties the background's check-progress events to this request.
     * The text comes either whole (`text`) or as `partCount` earlier 'check-upload-part' messages of the
     * same requestId. `checkId` re-checks a file under the id of an earlier check the worker has lost.
     */
    request: { fileName: string; encoding: TextEncodingName; requestId?: string; text?: string; partCount?: number; checkId?: string };
    response: { ok: true; report: CheckReport } | { ok: false; error: string };
  };
  /** One slice of a file's text, sent before 'check-upload' so no single message is large. */
  'check-upload-part': {
    request: { requestId: string; index: number; count: number; text: string };
    response: { received: number };
  };
  /** A page of one rule's findings of a previous check; `checkUnknown` when the worker has lost that check. */
  'check-findings': {
    request: { checkId: string; rule: RuleId; offset: number; limit: number };
    response: { checkUnknown?: false; findings: Finding[]; total: number } | { checkUnknown: true };
  };
  /**
   * Build corrected files for a previous check. Without `text`, a check the worker has lost answers
   * `checkUnknown` (the page checks the file again under the same id and asks again); with it, it is re-checked here.
   */
  'export-file': {
    request: { checkId: string; kind: ExportKind; fileName: string; text?: string; encoding?: TextEncodingName };
    response: { files: ExportedFile[]; checkUnknown?: boolean };
  };
  /** The content script read the header of the page's "Sample File (new format)". */
  'template-learnt': {
    request: { header: string[]; sourceUrl: string };
    response: { saved: boolean };
  };
  /** Settings the content script needs (manual selectors). */
  'page-settings': {
    request: Record<string, never>;
    response: { selectors: ManualSelectors };
  };
}

/** Steps of a check, in order, for the progress shown while a large file is checked. */
export type CheckProgressPhase = 'reading' | 'parsing' | 'looking-up' | 'checking';

/** Sent by the background to the checking tab (browser.tabs.sendMessage) while a check runs. */
export interface CheckProgressEvent {
  type: 'check-progress';
  requestId?: string;
  phase: CheckProgressPhase;
  /** 0 to 1, over the whole check. */
  fraction: number;
}

export function isCheckProgressEvent(message: unknown): message is CheckProgressEvent {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'check-progress';
}
