import { z } from 'zod';
import type { TextEncodingName } from '../csv/types';
import type { Risk } from '../checks/risks';
import type { CheckSummary, Finding, RuleId, Severity } from '../checks/types';
import type { LineView } from '../fixes/by-line';
import type { Change } from '../fixes/types';
import type { ReportMeta } from '../portal/mailbox';
import { textEncoding, type MessageSpecs } from './message-spec';

/** The corrected files an admin can download from the panel. */
/** 'without-overwrites' is not listed in a report's exports: the panel offers it as "Upload without these rows". */
export const EXPORT_KINDS = ['without-password', 'without-blocked', 'batches', 'needs-attention', 'remainder', 'without-overwrites'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

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
 * portal page was its longest task. The background keeps the full check (local IDs, all findings) under checkId.
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
  /** The blocking findings by kind of risk, each acknowledged on its own (lib/page/acknowledgement). */
  risks: Risk[];
  notes: string[];
  freshness: ReportFreshness;
  /** Export kinds that make sense for this result (e.g. no 'without-password' when there is no password column). */
  exports: ExportKind[];
  /**
   * Set when the file repeats an earlier upload whose creates no report can judge yet: the remainder is
   * not offered, and the panel says which report to import (lib/output/remainder RemainderRefusal).
   */
  remainderRefused?: { message: string; reportAge: string };
}

/**
 * The corrected file for one check, as the panel shows it: the change list first, then the file
 * (checked again as written), the needs-attention file, and the check by line. Long lists are cut
 * to their first entries here; the full ones are in the change list and needs-attention files.
 */
export interface FixReport {
  /** The corrected file has rows and its check as written found nothing blocking. */
  offered: boolean;
  corrected: ExportedFile;
  correctedRows: number;
  needsAttention?: ExportedFile;
  changeList: ExportedFile;
  changes: Change[];
  changeCount: number;
  attention: { line: number; reason: string }[];
  attentionCount: number;
  /** Rows that change nothing: left out when `droppedNoChange`, else kept and counted. */
  noChangeCount: number;
  droppedNoChange: boolean;
  /** The check of the corrected file as written, by the same pipeline as any chosen file. */
  recheck: CheckSummary;
  /** When not offered: why (the blocking findings of the corrected file's check, first few). */
  recheckProblems: string[];
  lines: LineView[];
  lineCount: number;
}

/** Selectors an admin can give by hand on the options page when the page is not recognised. */
export interface ManualSelectors {
  fileInput?: string;
  validateButton?: string;
  uploadButton?: string;
}

/**
 * The answer to a question about a check the worker no longer has (it was stopped since): the page
 * sends the file again under the same check id and asks once more (lib/page/check-session).
 */
export interface CheckUnknown {
  outcome: 'check-unknown';
}

export interface ChecksProtocol {
  /** Parse and check a chosen upload file against the cached reports and submission history. */
  'check-upload': {
    /**
     * `checkId` is the one id of the chosen file, chosen by the page when the file is chosen: its text
     * comes as `partCount` earlier 'check-upload-part' messages under it, the check-progress events carry
     * it, the background keeps the check under it, and the page sends the file again under it when a
     * restarted worker has lost the check.
     */
    request: { checkId: string; fileName: string; encoding: TextEncodingName; partCount: number };
    /** `unreadable`: the file cannot be read as a CSV upload; `error` names the file and what is wrong. */
    response: { outcome: 'checked'; report: CheckReport } | { outcome: 'unreadable'; error: string };
  };
  /**
   * Check the chosen file itself, handed over as a Blob: with structured-clone messaging (the manifest's
   * message_serialization, Chrome 148+; Firefox always) a File crosses as a reference to the same bytes,
   * so the page neither reads, decodes nor copies it. Where messages are JSON the Blob arrives as `{}`:
   * the answer is then `send-text`, and the page sends the text in slices ('check-upload-part', 'check-upload').
   */
  'check-upload-file': {
    request: { checkId: string; fileName: string; file: Blob };
    response: ChecksProtocol['check-upload']['response'] | { outcome: 'send-text' };
  };
  /** One slice of a file's text, sent before 'check-upload' so no single message is large. */
  'check-upload-part': {
    request: { checkId: string; index: number; count: number; text: string };
    response: { received: number };
  };
  /** A page of one rule's findings of a previous check. */
  'check-findings': {
    request: { checkId: string; rule: RuleId; offset: number; limit: number };
    response: { outcome: 'found'; findings: Finding[]; total: number } | CheckUnknown;
  };
  /** Build corrected files for a previous check. */
  'export-file': {
    request: { checkId: string; kind: ExportKind; fileName: string };
    response: { outcome: 'built'; files: ExportedFile[] } | CheckUnknown;
  };
  /** Build the corrected file for a previous check (see FixReport). */
  'fix-file': {
    request: { checkId: string; dropNoChange?: boolean };
    response: { outcome: 'built'; fix: FixReport } | CheckUnknown;
  };
  /** The content script read the header of the page's "Sample File (new format)". */
  'template-learnt': {
    request: { header: string[]; sourceUrl: string };
    response: { saved: boolean };
  };
  /** Open the options page at the Mailbox Report import (a content script cannot open it itself). */
  'open-report-import': {
    request: Record<string, never>;
    response: { opened: boolean };
  };
  /**
   * The admin is heading for a file (the Upload Users view shown or visible again, Browse clicked or
   * focused, a file dragged over the page): read ahead what a check will look up, so a worker stopped
   * while idle has its key tables and indexes ready before the file is chosen. Nothing comes back but
   * whether the read-ahead ran; the page never waits for it (lib/page/file-intent).
   */
  'prepare-check': {
    request: Record<string, never>;
    response: { prepared: boolean };
  };
  /** Settings the content script needs (manual selectors). */
  'page-settings': {
    request: Record<string, never>;
    response: { selectors: ManualSelectors };
  };
}

/** Check ids are chosen by the page (UUIDs today): short strings, never used as anything but a key. */
const id = z.string().min(1).max(100);
const fileName = z.string().min(1).max(1000);
/** A slice is at most 256 KB of text (lib/page/text-slices); this leaves room without allowing a whole file. */
const MAX_SLICE_CHARS = 1_048_576;
const MAX_SLICES = 100_000;
/** Rule ids are checked by lookup, not by a copy of the list: an unknown rule has no findings. */
const ruleId = z.custom<RuleId>((value) => typeof value === 'string' && value.length > 0 && value.length <= 64, 'Expected a rule id.');
const pageCount = z.number().int().min(0).max(1_000_000);

export const CHECKS_MESSAGES: Readonly<MessageSpecs<ChecksProtocol>> = {
  'check-upload': {
    from: 'page',
    request: z.strictObject({
      checkId: id,
      fileName,
      encoding: textEncoding,
      partCount: z.number().int().min(1).max(MAX_SLICES),
    }),
  },
  'check-upload-file': {
    from: 'page',
    // Any object: a Blob, or what JSON messaging made of one ({}), which the handler answers with 'send-text'.
    request: z.strictObject({
      checkId: id,
      fileName,
      file: z.custom<Blob>((value) => typeof value === 'object' && value !== null, 'Expected the file.'),
    }),
  },
  'check-upload-part': {
    from: 'page',
    request: z.strictObject({
      checkId: id,
      index: z.number().int().min(0).max(MAX_SLICES),
      count: z.number().int().min(1).max(MAX_SLICES),
      text: z.string().max(MAX_SLICE_CHARS),
    }),
  },
  'check-findings': {
    from: 'page',
    request: z.strictObject({ checkId: id, rule: ruleId, offset: pageCount, limit: pageCount }),
  },
  'export-file': {
    from: 'page',
    request: z.strictObject({ checkId: id, kind: z.enum(EXPORT_KINDS), fileName }),
  },
  'fix-file': {
    from: 'page',
    request: z.strictObject({ checkId: id, dropNoChange: z.boolean().optional() }),
  },
  'template-learnt': {
    from: 'page',
    request: z.strictObject({ header: z.array(z.string().max(1000)).max(500), sourceUrl: z.string().max(4000) }),
  },
  'prepare-check': { from: 'page', request: z.strictObject({}) },
  'page-settings': { from: 'page', request: z.strictObject({}) },
  'open-report-import': { from: 'page', request: z.strictObject({}) },
};

/** Steps of a check, in order, for the progress shown while a large file is checked. */
export type CheckProgressPhase = 'reading' | 'parsing' | 'looking-up' | 'checking';
