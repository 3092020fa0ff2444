import type { Runtime } from 'webextension-polyfill';

/** Stub: handles a Mailbox Report import over a runtime port (see REPORT_IMPORT_PORT). */
export function handleReportImportPort(port: Runtime.Port): void {
  port.postMessage({ type: 'error', message: 'Import is not implemented yet' });
}
