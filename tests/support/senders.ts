import type { SenderTrust } from '../../lib/messaging/sender-trust';

/** The trust settings the background builds, as the e2e build has them (fakeBrowser's extension id). */
export const TEST_TRUST: SenderTrust = {
  extensionBaseUrl: 'chrome-extension://test-extension-id/',
  portalHostPatterns: ['https://portal.nhs.net/*', 'http://localhost/*', 'http://127.0.0.1/*'],
};

export const PORTAL_PAGE_URL = 'https://portal.nhs.net/Admin#/csv-upload';

/** The sender of the popup or options page. */
export const EXTENSION_PAGE = { url: 'chrome-extension://test-extension-id/popup.html' };

/** The sender of the content script on the Upload Users page in tab `tabId`. */
export function portalTab(tabId: number, url = PORTAL_PAGE_URL) {
  return { url, tab: { id: tabId, url } };
}
