import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMessageListener } from '../lib/messaging/router';
import { createCheckHandlers } from '../lib/background/check-handlers';
import { createReportHandlers } from '../lib/store/report-handlers';
import { createSubmissionHandlers } from '../lib/submissions/submission-handlers';
import { createResultsHandlers } from '../lib/results/results-handlers';

// The background owns the extension's data and answers the typed messages of lib/messaging.
// It may be stopped whenever idle: everything that must survive is persisted by the handlers.
export default defineBackground(() => {
  const listener = createMessageListener({
    ...createCheckHandlers(),
    ...createReportHandlers(),
    ...createSubmissionHandlers(),
    ...createResultsHandlers(),
  });
  browser.runtime.onMessage.addListener(listener);
});
