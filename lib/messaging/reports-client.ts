import { connectToBackground } from '../browser/runtime';
import type { ReportMeta } from '../portal/mailbox';
import { sendToBackground } from './send';
import {
  REPORT_IMPORT_PORT,
  type ReportImportClientMessage,
  type ReportImportErrorKind,
  type ReportImportServerMessage,
  type ReportsProtocol,
} from './reports-protocol';

/** Chrome stops a service worker after 30 seconds without an incoming event; IndexedDB work does not count. */
const KEEPALIVE_MS = 10_000;

/** An import the page has started: its outcome, and a way to stop it. */
export interface RunningImport {
  done: Promise<ReportMeta>;
  cancel(): void;
}

export type ImportProgress = Extract<ReportImportServerMessage, { type: 'progress' }>;

/** The import stopped; `message` is written for the admin. */
export class ReportImportFailure extends Error {
  constructor(
    message: string,
    readonly kind: ReportImportErrorKind,
  ) {
    super(message);
    this.name = 'ReportImportFailure';
  }
}

/** What the options page (and popup) need from the cached reports; the background does the work. */
export interface ReportsClient {
  list(): Promise<ReportsProtocol['reports-list']['response']>;
  deleteReport(orgId: string): Promise<boolean>;
  deleteAll(): Promise<ReportsProtocol['data-delete-all']['response']>;
  /** `file`: sent as it is, for the worker to read; `text` (the file's, already read) only if the worker asks for it. */
  importReport(
    input: { orgLabel: string; fileName: string; file: Blob; text: string },
    onProgress: (progress: ImportProgress) => void,
  ): RunningImport;
}

/** Talks to the background: messages for list and delete, the import port for imports. */
export const backgroundReportsClient: Readonly<ReportsClient> = {
  list: () => sendToBackground('reports-list', {}),
  deleteReport: async (orgId) => (await sendToBackground('report-delete', { orgId })).deleted,
  deleteAll: () => sendToBackground('data-delete-all', {}),
  importReport({ orgLabel, fileName, file, text }, onProgress) {
    const port = connectToBackground(REPORT_IMPORT_PORT);
    let finished = false;
    const keepalive = setInterval(() => {
      if (!finished) port.postMessage({ type: 'keepalive' } satisfies ReportImportClientMessage);
    }, KEEPALIVE_MS);
    const done = new Promise<ReportMeta>((resolve, reject) => {
      port.onMessage.addListener((raw: unknown) => {
        const message = raw as ReportImportServerMessage;
        if (message.type === 'progress') onProgress(message);
        else if (message.type === 'send-text') port.postMessage({ type: 'start', orgLabel, fileName, text } satisfies ReportImportClientMessage);
        else {
          finished = true;
          port.disconnect();
          if (message.type === 'done') resolve(message.meta);
          else reject(new ReportImportFailure(message.message, message.kind ?? 'storage'));
        }
      });
      port.onDisconnect.addListener(() => {
        if (finished) return;
        finished = true;
        reject(
          new ReportImportFailure(
            `CSV Guard stopped before “${fileName}” was imported. Your previously imported report, if any, is still in use. Try the import again.`,
            'storage',
          ),
        );
      });
    }).finally(() => clearInterval(keepalive));
    port.postMessage({ type: 'start', orgLabel, fileName, file } satisfies ReportImportClientMessage);
    return {
      done,
      cancel() {
        if (!finished) port.postMessage({ type: 'cancel' } satisfies ReportImportClientMessage);
      },
    };
  },
};
