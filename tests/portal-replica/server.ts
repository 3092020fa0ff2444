import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { generatePeople, mailboxReportCsv } from '../support/generate';
import { goodUpdateCsv, riskyUpdateCsv } from './demo-files';
import { decodeUploadBytes } from './portal-model';
import { ReplicaState, type ReplicaSettings } from './replica-state';
import { validateUpload } from './validation';

export type { ReplicaAccount as Account } from './directory';
export type { ReplicaUpload as Upload } from './replica-state';

export interface ReplicaOptions extends Partial<ReplicaSettings> {
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningReplica {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

const APP_DIR = fileURLToPath(new URL('./app/', import.meta.url));
const STATIC: Record<string, { type: string; body: string }> = {
  '/static/admin-app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(`${APP_DIR}admin-app.js`, 'utf8') },
  '/static/admin.css': { type: 'text/css; charset=utf-8', body: readFileSync(`${APP_DIR}admin.css`, 'utf8') },
};
const INDEX_HTML = readFileSync(`${APP_DIR}index.html`, 'utf8');
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Starts the NHSmail Portal replica (see README.md next to this file). */
export async function startReplica(options: ReplicaOptions = {}): Promise<RunningReplica> {
  const { port = 0, ...settings } = options;
  const state = new ReplicaState(settings);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      send(res, 500, 'text/plain; charset=utf-8', `Replica error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        state.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(state: ReplicaState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://replica');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (method === 'GET' && (path === '/' || path === '')) return redirect(res, '/Admin#/');
  // The portal's paths are not case-sensitive: /admin serves the same app as /Admin.
  if (method === 'GET' && (path.toLowerCase() === '/admin' || path.toLowerCase() === '/admin/'))
    return send(res, 200, 'text/html; charset=utf-8', INDEX_HTML);
  const asset = STATIC[path];
  if (method === 'GET' && asset) return send(res, 200, asset.type, asset.body);

  if (method === 'GET' && path === '/Admin/SampleFiles/NewFormat.csv') {
    return sendCsv(res, 'Sample File (new format).csv', `${Papa.unparse([BUNDLED_TEMPLATE.header])}\r\n`);
  }
  if (method === 'GET' && path === '/Admin/Reports/MailboxReport.csv') {
    return sendCsv(res, 'Mailbox Report.csv', mailboxReportCsv(state.directory.accounts));
  }

  if (method === 'POST' && path === '/api/users/validate') {
    const text = await readBody(req);
    return sendJson(res, 200, validateUpload(state.directory, text));
  }
  if (method === 'POST' && path === '/api/users/upload') {
    const text = await readBody(req);
    const fileName = fileNameOf(req);
    const uploadId = state.receiveUpload(fileName, text);
    return sendJson(res, 200, { uploadId });
  }
  if (method === 'GET' && path === '/api/users') {
    const query = (url.searchParams.get('q') ?? '').trim().toLowerCase();
    const matches = state.directory.accounts.filter(
      (a) => !query || a.displayName.toLowerCase().includes(query) || a.email.toLowerCase().includes(query) || a.localId.toLowerCase() === query,
    );
    return sendJson(res, 200, { total: matches.length, accounts: matches.slice(0, 50) });
  }
  if (method === 'GET' && path.startsWith('/api/users/')) {
    const account = state.directory.byEmail(decodeURIComponent(path.slice('/api/users/'.length)));
    return account ? sendJson(res, 200, account) : sendJson(res, 404, { error: 'No such user' });
  }

  if (method === 'GET' && (path === '/demo/good-update.csv' || path === '/demo/risky-update.csv')) {
    const people = generatePeople(state.settings.people, state.settings.seed);
    const good = path.endsWith('good-update.csv');
    return sendCsv(res, good ? 'good-update.csv' : 'risky-update.csv', good ? goodUpdateCsv(people) : riskyUpdateCsv(people));
  }

  if (path.startsWith('/__test/')) return handleTestControl(state, req, res, url, method);
  send(res, 404, 'text/plain; charset=utf-8', 'Not found');
}

/** Test control: reset state and look inside the replica (never part of the real portal). */
async function handleTestControl(state: ReplicaState, req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
  const path = url.pathname;
  if (method === 'POST' && path === '/__test/reset') {
    const body = (await readBody(req)).trim();
    const options = (body ? JSON.parse(body) : {}) as Partial<ReplicaSettings>;
    state.reset(options);
    return sendJson(res, 200, { ok: true, settings: state.settings });
  }
  if (method === 'POST' && path === '/__test/fail-part-way') {
    const { afterRows } = JSON.parse((await readBody(req)).trim() || '{}') as { afterRows?: number };
    state.failNextUploadAfter(Math.max(0, Math.floor(afterRows ?? 0)));
    return sendJson(res, 200, { ok: true });
  }
  if (method === 'GET' && path === '/__test/directory') return sendJson(res, 200, { accounts: state.directory.accounts });
  if (method === 'GET' && path === '/__test/uploads') return sendJson(res, 200, { uploads: state.listUploads() });
  if (method === 'GET' && path === '/__test/mailbox') {
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const emails = state
      .processedUploads()
      .map((u) => ({ uploadId: u.uploadId, fileName: u.fileName, url: `${origin}/__test/mailbox/${u.uploadId}.csv` }));
    return sendJson(res, 200, { emails });
  }
  const results = /^\/__test\/mailbox\/([^/]+)\.csv$/.exec(path);
  if (method === 'GET' && results) {
    const found = state.resultsCsv(decodeURIComponent(results[1]!));
    return found ? sendCsv(res, found.fileName, found.csv) : send(res, 404, 'text/plain; charset=utf-8', 'Not processed yet');
  }
  send(res, 404, 'text/plain; charset=utf-8', 'Not found');
}

function fileNameOf(req: IncomingMessage): string {
  const raw = req.headers['x-file-name'];
  const name = Array.isArray(raw) ? raw[0] : raw;
  if (!name) return 'upload.csv';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Body too large');
    chunks.push(chunk as Buffer);
  }
  return decodeUploadBytes(Buffer.concat(chunks)).replace(/^\uFEFF/, '');
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendCsv(res: ServerResponse, fileName: string, csv: string): void {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  const disposition = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  send(res, 200, 'text/csv; charset=utf-8', csv, { 'content-disposition': disposition });
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

// `npm run replica`: serve on PORT (default 8787) until stopped.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 8787);
  const replica = await startReplica({ port });
  console.log(`Portal replica: ${replica.url}/Admin#/  (Ctrl+C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void replica.close().then(() => process.exit(0)));
}
