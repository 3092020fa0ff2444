import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createCheckHandlers, checkHandlerDeps, ENGINE_EXPORTS } from '../lib/background/check-handlers';
import { CheckRehearsal } from '../lib/background/check-rehearsal';
import { markCheckStep, measureRehearsed } from '../lib/background/check-marks';
import { CheckRuns } from '../lib/background/check-runs';
import { createSettingsHandlers } from '../lib/background/settings-handlers';
import { localArea, sessionArea } from '../lib/browser/storage';
import { probeTab, sendToTab } from '../lib/browser/tabs';
import { extensionBaseUrl, openOptionsPage, sendToExtension } from '../lib/browser/runtime';
import { toolbarBadge } from '../lib/browser/toolbar';
import { createConnectListener } from '../lib/messaging/port-router';
import { REPORT_IMPORT_PORT } from '../lib/messaging/reports-protocol';
import { createMessageListener } from '../lib/messaging/router';
import type { SenderTrust } from '../lib/messaging/sender-trust';
import { E2E_HOST_PATTERNS, PORTAL_HOST_PATTERN } from '../lib/portal/hosts';
import { createResultsHandlers, existingAccountsIn } from '../lib/results/results-handlers';
import { createSettingsStore } from '../lib/settings';
import { createDbConnection } from '../lib/store/connection';
import { handleReportImportPort } from '../lib/store/import-port';
import { ImportsInProgress } from '../lib/store/imports-in-progress';
import { LookupCache } from '../lib/store/lookup-cache';
import { measurePrepared } from '../lib/store/prepared-mark';
import { createReportHandlers } from '../lib/store/report-handlers';
import { runRetention } from '../lib/store/retention';
import { createBrowserSession } from '../lib/submissions/browser-session';
import { createKnownTabs } from '../lib/submissions/known-tabs';
import { createSlotIndicators } from '../lib/submissions/slot-indicators';
import { createSubmissionHandlers } from '../lib/submissions/submission-handlers';
import { createSubmissionTracker } from '../lib/submissions/tracker';
import { RecordedRowsCache } from '../lib/checks/recorded-rows';

/** Hourly upkeep: retention purge and submission expiry. Alarms survive the worker being stopped. */
const MAINTENANCE_ALARM = 'csv-guard-maintenance';

// The background owns the extension's data and answers the typed messages of lib/messaging.
// It may be stopped whenever idle: everything that must survive is persisted (IndexedDB, storage.local).
// Everything is built here, once per worker start, and passed by name: lib/ holds no module state.
export default defineBackground(() => {
  // The reports' in-memory index, for this connection only: a schema upgrade may rewrite every row.
  const lookupCache = new LookupCache();
  const openDb = createDbConnection({ onClose: () => lookupCache.clear() });
  const settings = createSettingsStore(localArea());
  const knownTabs = createKnownTabs(localArea());
  // The upload slot: one tracker per worker, so every caller (handlers, alarms, tab events) shares its lock.
  const tracker = createSubmissionTracker({
    openDb,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    expiryHours: async () => (await settings.load()).submissionExpiryHours,
    probeTab,
    browserSession: createBrowserSession(sessionArea()),
    rememberTab: knownTabs.remember,
    ...createSlotIndicators({ badge: toolbarBadge(), sendToPages: sendToExtension, sendToTab, knownTabs }),
  });
  // The latest check of each tab: its findings page "Show all", its local IDs go into the upload slot.
  const runs = new CheckRuns();
  // The Mailbox Report imports running now: "Delete cached data" stops them, the orphan sweep spares their rows.
  const imports = new ImportsInProgress();
  // Who may ask what: the extension's own pages anything; a portal tab only the page's messages.
  const trust: SenderTrust = {
    extensionBaseUrl: extensionBaseUrl(),
    portalHostPatterns: import.meta.env.MODE === 'e2e' ? [PORTAL_HOST_PATTERN, ...E2E_HOST_PATTERNS] : [PORTAL_HOST_PATTERN],
  };

  const handlers = {
    ...createCheckHandlers(
      checkHandlerDeps({
        openDb,
        lookupCache,
        recordedRows: new RecordedRowsCache(),
        settings,
        runs,
        notifyTab: (tabId, event) => void sendToTab(tabId, event).catch(() => undefined),
        openReportImport: openOptionsPage,
        rehearsal: new CheckRehearsal(ENGINE_EXPORTS),
        ...(import.meta.env.MODE === 'e2e'
          ? { mark: markCheckStep, onPrepared: (startedAt) => void measurePrepared(lookupCache, startedAt), onRehearsed: measureRehearsed }
          : {}),
      }),
    ),
    ...createReportHandlers({
      openDb,
      loadSettings: settings.load,
      now: () => Date.now(),
      imports,
      lookupCache,
      // The deleted history held the slot: redraw the badge and tell open tabs.
      afterDeleteAll: () => tracker.refreshIndicators(),
    }),
    ...createSubmissionHandlers({
      tracker,
      checkedUpload: (checkId) => runs.slotRequestFor(checkId),
      checkedHistory: (checkId) => runs.get(checkId)?.run.submissions,
    }),
    ...createResultsHandlers({ tracker, loadSettings: settings.load, existingAccounts: existingAccountsIn(openDb, lookupCache) }),
    ...createSettingsHandlers({ settings }),
  };
  browser.runtime.onMessage.addListener(createMessageListener(handlers, trust));
  browser.runtime.onConnect.addListener(
    createConnectListener({ [REPORT_IMPORT_PORT]: (port) => handleReportImportPort(port, { openDb, imports, lookupCache }) }, trust),
  );

  // After a browser restart the badge is blank until redrawn from the persisted slot; a preparing slot
  // left by a closed browser is dropped on the way.
  void tracker.refreshIndicators();

  // A preparing slot held by a closed tab is released (a processing one is not).
  browser.tabs.onRemoved.addListener((tabId) => void tracker.releaseForClosedTab(tabId));

  // Only when none exists: re-creating it on every worker start would postpone it forever in a busy browser.
  void browser.alarms.get(MAINTENANCE_ALARM).then((existing) => {
    if (!existing) return browser.alarms.create(MAINTENANCE_ALARM, { periodInMinutes: 60 });
  });
  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== MAINTENANCE_ALARM) return;
    await runRetention({ openDb, loadSettings: settings.load, imports, lookupCache });
    await tracker.expire();
  });
});
