import type { Runtime } from 'webextension-polyfill';
import { ReportImportClientMessageSchema, type ReportImportServerMessage } from '../messaging/reports-protocol';
import type { OpenDb } from './connection';
import { readUserFile, unreadableFileMessage } from '../csv/read-file';
import { ReportImportError, toReportImportError } from './import-error';
import { importMailboxReport } from './import-report';
import type { ImportsInProgress } from './imports-in-progress';
import type { LookupCache } from './lookup-cache';

export interface ReportImportPortDeps {
  openDb: OpenDb;
  /** The worker's imports in progress, shared with "Delete cached data" and the retention run. */
  imports: ImportsInProgress;
  /** The worker's lookup cache, which the import warms with the new report. */
  lookupCache: LookupCache;
}

/** The report's text, read and decoded as every chosen file is (readUserFile); a file that cannot be read is refused, named. */
async function readReportFile(file: Blob, fileName: string): Promise<string> {
  try {
    return (await readUserFile(file, fileName)).text;
  } catch (error) {
    throw new ReportImportError('unreadable', `${unreadableFileMessage(error, fileName)} Your previously imported report, if any, is still in use.`);
  }
}

/**
 * One Mailbox Report import over a runtime port (REPORT_IMPORT_PORT): the page sends `start` with the
 * file (or, if we answer `send-text`, its text), we answer with progress, then `done` or `error`. `cancel`, or the page going away, stops it;
 * the previous report stays in use either way.
 */
export function handleReportImportPort(port: Runtime.Port, { openDb, imports, lookupCache }: ReportImportPortDeps): void {
  const controller = new AbortController();
  let connected = true;
  let started = false;
  const send = (message: ReportImportServerMessage) => {
    if (!connected) return;
    try {
      port.postMessage(message);
    } catch {
      connected = false;
    }
  };

  port.onDisconnect.addListener(() => {
    connected = false;
    controller.abort();
  });

  port.onMessage.addListener((raw: unknown) => {
    const parsed = ReportImportClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      send({ type: 'error', message: 'CSV Guard refused a malformed import message. Nothing was changed.', kind: 'unreadable' });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      controller.abort();
      return;
    }
    if (message.type !== 'start' || started) return;
    // The file, made `{}` by messaging that cannot carry it: the page sends its text instead.
    if ('file' in message && !(message.file instanceof Blob)) {
      send({ type: 'send-text' });
      return;
    }
    started = true;
    const { orgLabel, fileName } = message;
    void (async () => {
      try {
        const text = 'file' in message ? await readReportFile(message.file, fileName) : message.text;
        const meta = await importMailboxReport(
          await openDb(),
          { orgLabel, fileName, text },
          {
            imports,
            lookupCache,
            signal: controller.signal,
            onProgress: (progress) => send({ type: 'progress', ...progress }),
          },
        );
        send({ type: 'done', meta });
      } catch (error) {
        const failure = toReportImportError(error, fileName);
        send({ type: 'error', message: failure.message, kind: failure.code });
      }
    })();
  });
}
