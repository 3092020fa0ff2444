import { browser } from 'wxt/browser';
import type { CheckProgressEvent, ChecksProtocol, ExportedFile, ExportKind } from '../messaging/checks-protocol';
import type { Handlers, SenderInfo } from '../messaging/router';
import { availableExports, buildExport } from '../output/exports';
import { loadSettings, saveSettings } from '../settings';
import { getGuardDb } from '../store/connection';
import { lookupMailboxes } from '../store/lookup';
import { listSubmissions } from '../submissions/history-store';
import { getSlotStatus } from '../submissions/slot';
import type { SlotStatus } from '../submissions/types';
import { runCheckPipeline, type CheckPipelineDeps, type CheckRun } from './check-pipeline';
import { toCheckReport } from './check-report';
import { RecentChecks } from './recent-checks';
import { isUsableTemplateHeader } from './template-header';

/** Corrected files for a check. */
export interface Exporter {
  available: (run: CheckRun) => ExportKind[];
  build: (kind: ExportKind, run: CheckRun) => ExportedFile[];
}

export interface CheckHandlerDeps extends CheckPipelineDeps {
  slotStatus: (tabId?: number) => Promise<SlotStatus>;
  /** Tell the checking tab how far the check has got. */
  notifyTab: (tabId: number, event: CheckProgressEvent) => void;
  newCheckId: () => string;
  exporter: Exporter;
  saveLearntTemplate: (template: { header: string[]; sourceUrl: string; learntAt: number }) => Promise<void>;
}

export const ENGINE_EXPORTS: Exporter = {
  available: (run) => availableExports(run.table, run.columns, run.result),
  build: (kind, run) =>
    buildExport(kind, run.table, run.columns, run.result, {
      batchSize: run.settings.batchSize,
      submissions: run.submissions,
      // The looked-up mailboxes are exactly the cached ones this upload's rows could match.
      knownLocalIds: new Set(run.mailboxes.map((m) => m.localId).filter(Boolean)),
    }),
};

export function defaultCheckHandlerDeps(): CheckHandlerDeps {
  return {
    loadSettings,
    lookupMailboxes: async (keys) => lookupMailboxes(await getGuardDb(), keys),
    listSubmissions: () => listSubmissions(),
    now: () => Date.now(),
    slotStatus: (tabId) => getSlotStatus(tabId),
    notifyTab: (tabId, event) => void browser.tabs.sendMessage(tabId, event).catch(() => undefined),
    newCheckId: () => crypto.randomUUID(),
    exporter: ENGINE_EXPORTS,
    saveLearntTemplate: async (learntTemplate) => void (await saveSettings({ learntTemplate })),
  };
}

/** The background side of the Upload Users page: checks, corrected files, the learnt template, page settings. */
export function createCheckHandlers(deps: CheckHandlerDeps = defaultCheckHandlerDeps()): Handlers<keyof ChecksProtocol> {
  const recent = new RecentChecks<{ run: CheckRun; text: string }>();

  const progressFor = (sender: SenderInfo, requestId?: string) => (phase: CheckProgressEvent['phase'], fraction: number) => {
    if (sender.tabId !== undefined) deps.notifyTab(sender.tabId, { type: 'check-progress', requestId, phase, fraction });
  };

  return {
    'check-upload': async (data, sender) => {
      const outcome = await runCheckPipeline(data, deps, progressFor(sender, data.requestId));
      if (!outcome.ok) return outcome;
      const checkId = deps.newCheckId();
      recent.set(checkId, { run: outcome.run, text: data.text });
      const slot = await deps.slotStatus(sender.tabId);
      return { ok: true, report: toCheckReport(checkId, data.fileName, outcome.run, slot, deps.exporter.available(outcome.run), sender.tabId) };
    },

    'export-file': async (data) => {
      let run = recent.get(data.checkId)?.text === data.text ? recent.get(data.checkId)?.run : undefined;
      if (!run) {
        // The worker was stopped since the check: check the same text again; nothing is lost.
        const outcome = await runCheckPipeline(data, deps);
        if (!outcome.ok) throw new Error(outcome.error);
        run = outcome.run;
        recent.set(data.checkId, { run, text: data.text });
      }
      return { files: deps.exporter.build(data.kind, run) };
    },

    'template-learnt': async (data) => {
      if (!isUsableTemplateHeader(data.header)) return { saved: false };
      await deps.saveLearntTemplate({ header: data.header.map((h) => h.trim()), sourceUrl: data.sourceUrl, learntAt: deps.now() });
      return { saved: true };
    },

    'page-settings': async () => ({ selectors: (await deps.loadSettings()).selectors }),
  };
}
