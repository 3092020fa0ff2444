import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createConnectListener } from '../lib/messaging/port-router';
import { createMessageListener } from '../lib/messaging/router';
import type { SenderTrust } from '../lib/messaging/sender-trust';
import { E2E_HOST_PATTERNS, PORTAL_HOST_PATTERN } from '../lib/portal/hosts';
import { REPORT_IMPORT_PORT } from '../lib/messaging/reports-protocol';
import { createCheckHandlers, defaultCheckHandlerDeps } from '../lib/background/check-handlers';
import { CheckRuns } from '../lib/background/check-runs';
import { createSettingsHandlers } from '../lib/background/settings-handlers';
import { createReportHandlers } from '../lib/store/report-handlers';
import { handleReportImportPort } from '../lib/store/import-port';
import { runRetention } from '../lib/store/retention';
import { createSubmissionHandlers } from '../lib/submissions/submission-handlers';
import { expireSubmissions, releaseSlotForClosedTab, restoreSlotIndicators } from '../lib/submissions/lifecycle';
import { createResultsHandlers } from '../lib/results/results-handlers';

/** Hourly upkeep: retention purge and submission expiry. Alarms survive the worker being stopped. */
const MAINTENANCE_ALARM = 'csv-guard-maintenance';

// The background owns the extension's data and answers the typed messages of lib/messaging.
// It may be stopped whenever idle: everything that must survive is persisted by the handlers.
export default defineBackground(() => {
  // The latest check of each tab: its findings page "Show all", its local IDs go into the upload slot.
  const checkRuns = new CheckRuns();
  // Who may ask what: the extension's own pages anything; a portal tab only the page's messages.
  const trust: SenderTrust = {
    extensionBaseUrl: browser.runtime.getURL('/'),
    portalHostPatterns: import.meta.env.MODE === 'e2e' ? [PORTAL_HOST_PATTERN, ...E2E_HOST_PATTERNS] : [PORTAL_HOST_PATTERN],
  };
  browser.runtime.onMessage.addListener(
    createMessageListener(
      {
        ...createCheckHandlers(defaultCheckHandlerDeps(), checkRuns),
        ...createReportHandlers({ afterDeleteAll: restoreSlotIndicators }),
        ...createSubmissionHandlers(
          undefined,
          (checkId) => checkRuns.slotRequestFor(checkId),
          (checkId) => checkRuns.get(checkId)?.run.submissions,
        ),
        ...createResultsHandlers(),
        ...createSettingsHandlers(),
      },
      trust,
    ),
  );

  browser.runtime.onConnect.addListener(createConnectListener({ [REPORT_IMPORT_PORT]: (port) => handleReportImportPort(port) }, trust));

  // After a browser restart the badge is blank until redrawn from the persisted slot.
  void restoreSlotIndicators();

  browser.tabs.onRemoved.addListener((tabId) => void releaseSlotForClosedTab(tabId));

  // Only when none exists: re-creating it on every worker start would postpone it forever in a busy browser.
  void browser.alarms.get(MAINTENANCE_ALARM).then((existing) => {
    if (!existing) return browser.alarms.create(MAINTENANCE_ALARM, { periodInMinutes: 60 });
  });
  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== MAINTENANCE_ALARM) return;
    await runRetention();
    await expireSubmissions();
  });
});
