import type { ChecksProtocol, ExportedFile, ExportKind } from '../messaging/checks-protocol';
import type { CheckProgressEvent } from '../messaging/events';
import type { Handlers, SenderInfo } from '../messaging/router';
import { availableExports, buildExport, type ExportOptions } from '../output/exports';
import { planRemainder } from '../output/remainder';
import type { SettingsStore } from '../settings';
import type { OpenDb } from '../store/connection';
import { lookupMailboxes, prepareLookup } from '../store/lookup';
import type { LookupCache } from '../store/lookup-cache';
import { listSubmissions } from '../submissions/history-store';
import { LOOKUP_KINDS, runCheckPipeline, type CheckPipelineDeps, type CheckRun } from './check-pipeline';
import { toCheckReport, type ExportOffer } from './check-report';
import type { CheckRuns } from './check-runs';
import type { CheckRehearsal, RehearsalOutcome } from './check-rehearsal';
import { isUsableTemplateHeader } from './template-header';
import { fixReportFor } from './fix-file';
import { TextSlices } from './text-slices';
import { readUserFile, unreadableFileMessage } from '../csv/read-file';
import type { DecodedText } from '../csv/types';
import type { RecordedRowsCache } from '../checks/recorded-rows';

/** Corrected files for a check. */
export interface Exporter {
  /** What the panel offers for this check (the remainder planned once for both answers). */
  offers: (run: CheckRun) => ExportOffer;
  build: (kind: ExportKind, run: CheckRun) => ExportedFile[];
}

export interface CheckHandlerDeps extends CheckPipelineDeps {
  /** The latest check of each tab, shared with the submission handlers (the slot takes a check's local IDs from it). */
  runs: CheckRuns;
  /** Tell the checking tab how far the check has got. */
  notifyTab: (tabId: number, event: CheckProgressEvent) => void;
  exporter: Exporter;
  saveLearntTemplate: (template: { header: string[]; sourceUrl: string; learntAt: number }) => Promise<void>;
  /** Open the options page, where the Mailbox Report is imported. */
  openReportImport: () => Promise<void>;
  /** Read ahead for a check about to come ('prepare-check'): false when storage could not be opened. Never rejects. */
  prepareForCheck?: () => Promise<boolean>;
  /** The worker's check rehearsal: a real check arriving stops it. */
  rehearsal?: CheckRehearsal;
}

export const ENGINE_EXPORTS: Readonly<Exporter> = {
  offers: (run) => {
    // The remainder, and so the mailbox index, matters only when the file repeats an earlier upload.
    if (!run.result.findings.some((f) => f.rule === 'resubmission')) return { exports: availableExports(run.table, run.columns, run.result) };
    const options = exportOptions(run);
    const plan = planRemainder({
      table: run.table,
      columns: run.columns,
      submissions: options.submissions,
      ...options.evidence!,
      ...(options.overlaps ? { overlaps: options.overlaps } : {}),
    });
    const exports = availableExports(run.table, run.columns, run.result, options, plan);
    const { refused } = plan;
    return { exports, ...(refused ? { remainderRefused: { message: refused.message, reportAge: refused.reportAge } } : {}) };
  },
  build: (kind, run) => buildExport(kind, run.table, run.columns, run.result, exportOptions(run)),
};

function exportOptions(run: CheckRun): ExportOptions {
  return {
    batchSize: run.settings.batchSize,
    submissions: run.submissions,
    // The looked-up mailboxes are exactly the cached ones this upload's rows could match.
    evidence: { reports: run.reports, mailboxes: run.index, now: run.checkedAt },
    // What the resubmission rule judged with this same evidence: the remainder is planned from it.
    ...(run.result.submissionOverlaps ? { overlaps: run.result.submissionOverlaps } : {}),
  };
}

/** What the background's check handlers are built from; the rest of CheckHandlerDeps follows from these. */
export interface CheckHandlerParts {
  openDb: OpenDb;
  /** The worker's lookup cache: later checks answer from memory. */
  lookupCache: LookupCache;
  /** The worker's sets of earlier uploads' rows: a large upload in flight is not made into sets again for every check. */
  recordedRows: RecordedRowsCache;
  settings: SettingsStore;
  runs: CheckRuns;
  notifyTab: CheckHandlerDeps['notifyTab'];
  openReportImport: CheckHandlerDeps['openReportImport'];
  mark?: CheckHandlerDeps['mark'];
  /** After each read-ahead for a check about to come, begun at `startedAt` (the e2e build measures it, with what the lookup cache holds). */
  onPrepared?: (startedAt: number) => void;
  /** Rehearses a check after each read-ahead, while the admin is still choosing the file (left out: never). */
  rehearsal?: CheckRehearsal;
  /** After the rehearsal begun at `startedAt` ends (the e2e build measures it; the bench reports it). */
  onRehearsed?: (startedAt: number, outcome: RehearsalOutcome) => void;
}

/**
 * The upload size a read-ahead before the file is chosen prepares for: unknown yet, so counted as a
 * bulk update's (every chunk of a 100,000-row report is read), as a large check would read them anyway.
 */
const UPLOAD_BYTES_AHEAD = Number.POSITIVE_INFINITY;

/** The check handlers' dependencies as the background has them (the harm simulator builds them the same way). */
export function checkHandlerDeps(parts: CheckHandlerParts): CheckHandlerDeps {
  return {
    runs: parts.runs,
    loadSettings: parts.settings.load,
    lookupMailboxes: async (keys) => lookupMailboxes(await parts.openDb(), parts.lookupCache, keys),
    prepareLookup: (fileBytes) =>
      void parts.openDb().then(
        (db) => prepareLookup(db, parts.lookupCache, LOOKUP_KINDS, fileBytes),
        () => undefined,
      ),
    prepareForCheck: async () => {
      const startedAt = performance.now();
      const db = await parts.openDb().catch(() => undefined);
      if (!db) return false;
      await prepareLookup(db, parts.lookupCache, LOOKUP_KINDS, UPLOAD_BYTES_AHEAD);
      parts.onPrepared?.(startedAt);
      // Not awaited: the page is not kept waiting, and a check arriving meanwhile stops it.
      const rehearsedFrom = performance.now();
      void parts.rehearsal?.rehearse().then((outcome) => parts.onRehearsed?.(rehearsedFrom, outcome));
      return true;
    },
    listSubmissions: async () => listSubmissions(await parts.openDb()),
    recordedRows: parts.recordedRows,
    now: () => Date.now(),
    notifyTab: parts.notifyTab,
    exporter: ENGINE_EXPORTS,
    saveLearntTemplate: async (learntTemplate) => void (await parts.settings.save({ learntTemplate })),
    openReportImport: parts.openReportImport,
    ...(parts.mark ? { mark: parts.mark } : {}),
    ...(parts.rehearsal ? { rehearsal: parts.rehearsal } : {}),
  };
}

/** Runs a real check with the rehearsal kept out of its way (stopped, and none started until it ends). */
async function whileChecking<T>(deps: CheckHandlerDeps, check: () => Promise<T>): Promise<T> {
  deps.rehearsal?.checkBegan();
  try {
    return await check();
  } finally {
    deps.rehearsal?.checkEnded();
  }
}

/** Most findings one 'check-findings' answer carries, whatever the page asks for. */
const MAX_FINDINGS_PAGE = 500;

/**
 * The background side of the Upload Users page: checks (the file's text arriving whole or in slices),
 * pages of findings, corrected files, the learnt template, page settings. `runs` is shared with the
 * submission handlers, which take a check's local IDs from it for the upload slot.
 */
export function createCheckHandlers(deps: CheckHandlerDeps): Handlers<keyof ChecksProtocol> {
  const { runs } = deps;
  const slices = new TextSlices();

  const progressFor = (sender: SenderInfo, checkId: string) => (phase: CheckProgressEvent['phase'], fraction: number) => {
    if (sender.tabId !== undefined) deps.notifyTab(sender.tabId, { type: 'check-progress', checkId, phase, fraction });
  };

  /** Check a file's decoded text and keep the check under its id; the reply is what the panel draws. */
  const checkText = async (
    checkId: string,
    fileName: string,
    { text, encoding }: DecodedText,
    sender: SenderInfo,
  ): Promise<ChecksProtocol['check-upload']['response']> => {
    const outcome = await runCheckPipeline({ fileName, encoding, text }, deps, progressFor(sender, checkId));
    if (!outcome.ok) return { outcome: 'unreadable', error: outcome.error };
    const kept = runs.keep(checkId, fileName, outcome.run, sender.tabId);
    // Sent without waiting for anything else: the worker's first pause after a large check is the garbage
    // collector's (35-53 ms at 50,000 rows), and the page asks for the slot's status on its own.
    const report = toCheckReport(kept, deps.exporter.offers(outcome.run));
    deps.mark?.('replied');
    return { outcome: 'checked', report };
  };

  return {
    'check-upload-part': (data, sender) => ({ received: slices.add(data.checkId, data.index, data.count, data.text, sender.tabId) }),

    'check-upload': async (data, sender) => {
      const text = slices.take(data.checkId, data.partCount);
      deps.mark?.('received');
      return whileChecking(deps, () => {
        deps.prepareLookup?.(text.length);
        return checkText(data.checkId, data.fileName, { text, encoding: data.encoding }, sender);
      });
    },

    'check-upload-file': async (data, sender) => {
      // Sent as JSON (a browser without structured-clone messaging), the Blob arrived as {}: the page sends the text instead.
      if (!(data.file instanceof Blob)) return { outcome: 'send-text' };
      const file = data.file;
      deps.mark?.('received');
      return whileChecking(deps, async () => {
        // The lookup's reads and indexes are ready by the time the file is read and parsed (a stopped worker's first check).
        deps.prepareLookup?.(file.size);
        let decoded: DecodedText;
        try {
          decoded = await readUserFile(file, data.fileName);
          deps.mark?.('file-read');
        } catch (error) {
          return { outcome: 'unreadable', error: unreadableFileMessage(error, data.fileName) };
        }
        return checkText(data.checkId, data.fileName, decoded, sender);
      });
    },

    'check-findings': (data) => {
      const kept = runs.get(data.checkId);
      if (!kept) return { outcome: 'check-unknown' };
      const findings = kept.groups.get(data.rule)?.findings ?? [];
      const offset = Math.max(0, Math.floor(data.offset));
      const limit = Math.min(MAX_FINDINGS_PAGE, Math.max(0, Math.floor(data.limit)));
      return { outcome: 'found', findings: findings.slice(offset, offset + limit), total: findings.length };
    },

    'export-file': (data) => {
      const run = runs.get(data.checkId)?.run;
      // The worker was stopped since the check: the page sends the file again under the same id, then asks again.
      if (!run) return { outcome: 'check-unknown' };
      return { outcome: 'built', files: deps.exporter.build(data.kind, run) };
    },

    'fix-file': async (data) => {
      const kept = runs.get(data.checkId);
      if (!kept) return { outcome: 'check-unknown' };
      return { outcome: 'built', fix: await fixReportFor(kept.run, deps, { dropNoChange: data.dropNoChange === true }) };
    },

    'template-learnt': async (data) => {
      if (!isUsableTemplateHeader(data.header)) return { saved: false };
      await deps.saveLearntTemplate({ header: data.header.map((h) => h.trim()), sourceUrl: data.sourceUrl, learntAt: deps.now() });
      return { saved: true };
    },

    'prepare-check': async () => ({ prepared: (await deps.prepareForCheck?.()) ?? false }),

    'page-settings': async () => ({ selectors: (await deps.loadSettings()).selectors }),

    'open-report-import': async () => {
      await deps.openReportImport();
      return { opened: true };
    },
  };
}
