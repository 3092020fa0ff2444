/**
 * The background as entrypoints/background.ts builds it, on a browser kept in memory (storage areas,
 * toolbar badge, messages to tabs and pages), so tests drive the production wiring without fakeBrowser.
 */
import type { Runtime } from 'webextension-polyfill';
import {
  checkHandlerDeps,
  createCheckHandlers,
  ENGINE_EXPORTS,
  type CheckHandlerDeps,
  type CheckHandlerParts,
} from '../../lib/background/check-handlers';
import { CheckRehearsal } from '../../lib/background/check-rehearsal';
import { CheckRuns } from '../../lib/background/check-runs';
import { createSettingsHandlers } from '../../lib/background/settings-handlers';
import { memoryArea, type KeyValueArea } from '../../lib/browser/key-value-area';
import type { ToolbarBadge } from '../../lib/browser/toolbar';
import type { Handlers } from '../../lib/messaging/router';
import type { SlotChangedEvent } from '../../lib/messaging/events';
import { createResultsHandlers, existingAccountsIn, type ResultsDeps } from '../../lib/results/results-handlers';
import { createSettingsStore } from '../../lib/settings';
import { createDbConnection, type OpenDb } from '../../lib/store/connection';
import { handleReportImportPort } from '../../lib/store/import-port';
import { ImportsInProgress } from '../../lib/store/imports-in-progress';
import { LookupCache } from '../../lib/store/lookup-cache';
import { createReportHandlers } from '../../lib/store/report-handlers';
import { runRetention } from '../../lib/store/retention';
import { createBrowserSession } from '../../lib/submissions/browser-session';
import { createKnownTabs } from '../../lib/submissions/known-tabs';
import { createSlotIndicators } from '../../lib/submissions/slot-indicators';
import { createSubmissionHandlers, type SubmissionHandlerDeps } from '../../lib/submissions/submission-handlers';
import { createSubmissionTracker, type TrackerDeps } from '../../lib/submissions/tracker';
import { RecordedRowsCache } from '../../lib/checks/recorded-rows';

/** The extension's database in a test file (fake-indexeddb lives as long as the file). */
export const testDb: OpenDb = createDbConnection();

/** A toolbar button that remembers what was drawn on it. */
export function memoryBadge(): ToolbarBadge & { text: string; title: string } {
  const badge = {
    text: '',
    title: '',
    setBadgeText: ({ text }: { text: string }) => void (badge.text = text),
    setTitle: ({ title }: { title: string }) => void (badge.title = title),
  };
  return badge;
}

/** What the background reaches of the browser, in memory; it outlives worker restarts, as the browser does. */
export interface MemoryBrowser {
  local: KeyValueArea;
  session: KeyValueArea;
  badge: ReturnType<typeof memoryBadge>;
  /** Every slot-changed message sent to a tab's content script. */
  toTabs: { tabId: number; event: SlotChangedEvent }[];
  /** Every slot-changed message sent to the extension's pages. */
  toPages: SlotChangedEvent[];
  /** Tabs whose content script answers; messages to others are refused (all answer when unset). */
  listening?: (tabId: number) => boolean;
}

export function memoryBrowser(): MemoryBrowser {
  return { local: memoryArea(), session: memoryArea(), badge: memoryBadge(), toTabs: [], toPages: [] };
}

export interface WorkerOptions {
  browser?: MemoryBrowser;
  /** The database this worker opens (its own connection to the test file's database when unset, as a restarted worker opens one). */
  openDb?: OpenDb;
  /** Replace any of the tracker's dependencies (e.g. probeTab: the tabs the test has open). */
  tracker?: Partial<TrackerDeps>;
  checks?: Partial<CheckHandlerDeps>;
  results?: Partial<ResultsDeps>;
  submissions?: Partial<SubmissionHandlerDeps>;
  /** How slot-changed reaches the extension's pages (recorded in browser.toPages when unset). */
  sendToPages?: (event: SlotChangedEvent) => Promise<unknown>;
  now?: () => number;
  /** Told when the worker's check rehearsal ends (as the e2e build measures it). */
  onRehearsed?: CheckHandlerParts['onRehearsed'];
}

/** One worker start, wired as entrypoints/background.ts wires it. */
export function startWorker(options: WorkerOptions = {}) {
  const browser = options.browser ?? memoryBrowser();
  const lookupCache = new LookupCache();
  const openDb = options.openDb ?? createDbConnection({ onClose: () => lookupCache.clear() });
  const now = options.now ?? (() => Date.now());
  const settings = createSettingsStore(browser.local);
  const knownTabs = createKnownTabs(browser.local);
  const tracker = createSubmissionTracker({
    openDb,
    now,
    newId: () => crypto.randomUUID(),
    expiryHours: async () => (await settings.load()).submissionExpiryHours,
    probeTab: async () => undefined,
    browserSession: createBrowserSession(browser.session),
    rememberTab: knownTabs.remember,
    ...createSlotIndicators({
      badge: browser.badge,
      sendToPages: options.sendToPages ?? (async (event) => void browser.toPages.push(event)),
      sendToTab: async (tabId, event) => {
        if (browser.listening && !browser.listening(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
        browser.toTabs.push({ tabId, event });
      },
      knownTabs,
    }),
    ...options.tracker,
  });
  const runs = new CheckRuns();
  const rehearsal = new CheckRehearsal(ENGINE_EXPORTS);
  const imports = new ImportsInProgress();
  const checkDeps: CheckHandlerDeps = {
    ...checkHandlerDeps({
      openDb,
      lookupCache,
      recordedRows: new RecordedRowsCache(),
      settings,
      runs,
      notifyTab: () => undefined,
      openReportImport: async () => undefined,
      rehearsal,
      ...(options.onRehearsed ? { onRehearsed: options.onRehearsed } : {}),
    }),
    ...options.checks,
  };
  const handlers = {
    ...createCheckHandlers(checkDeps),
    ...createReportHandlers({ openDb, loadSettings: settings.load, now, imports, lookupCache, afterDeleteAll: () => tracker.refreshIndicators() }),
    ...createSubmissionHandlers({
      tracker,
      checkedUpload: (checkId) => runs.slotRequestFor(checkId),
      checkedHistory: (checkId) => runs.get(checkId)?.run.submissions,
      ...options.submissions,
    }),
    ...createResultsHandlers({ tracker, loadSettings: settings.load, existingAccounts: existingAccountsIn(openDb, lookupCache), ...options.results }),
    ...createSettingsHandlers({ settings }),
  };
  /** The import port, sharing this worker's imports in progress with "Delete cached data" and retention. */
  const importPort = (port: Runtime.Port) => handleReportImportPort(port, { openDb, imports, lookupCache });
  const retention = () => runRetention({ openDb, loadSettings: settings.load, imports, lookupCache });
  return {
    browser,
    openDb,
    settings,
    knownTabs,
    tracker,
    runs,
    rehearsal,
    imports,
    lookupCache,
    importPort,
    retention,
    handlers: handlers satisfies Handlers,
  };
}
