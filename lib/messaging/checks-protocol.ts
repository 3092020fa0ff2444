import type { TextEncodingName } from '../csv/types';
import type { CheckSummary, Finding } from '../checks/types';
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

/** Everything the panel shows for one chosen file. */
export interface CheckReport {
  checkId: string;
  fileName: string;
  fingerprint: string;
  header: string[];
  localIds: string[];
  /** Local IDs of the rows predicted to update an existing account (the slot records them for the results). */
  predictedUpdateLocalIds?: string[];
  /** The tab that asked, so the page can tell "uploaded in this tab" after the slot stops being `yours`. */
  tabId?: number;
  summary: CheckSummary;
  findings: Finding[];
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
    /** requestId (chosen by the tab) ties the background's check-progress events to this request. */
    request: { fileName: string; text: string; encoding: TextEncodingName; requestId?: string };
    response: { ok: true; report: CheckReport } | { ok: false; error: string };
  };
  /** Build corrected files for a previous check (text is re-sent so nothing is lost if the worker restarted). */
  'export-file': {
    request: { checkId: string; kind: ExportKind; fileName: string; text: string; encoding: TextEncodingName };
    response: { files: ExportedFile[] };
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
