import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { startReplica, type Account, type ReplicaOptions, type Upload } from '../portal-replica/server';
import { resolveChromium } from './chromium';
import { sliceText } from '../../lib/page/text-slices';

export type { Account, Upload } from '../portal-replica/server';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where `npm run build:e2e` writes the extension that also matches the local replica. */
export const E2E_EXTENSION_DIR = join(REPO_ROOT, '.output', 'chrome-mv3-e2e');

export type BackgroundReply = { ok: boolean; data?: unknown; error?: string } | undefined;
/** The bit of the extension page's `chrome` global the harness uses (the page, not Node, runs it). */
interface ExtensionPageGlobals {
  chrome: { runtime: { sendMessage(message: unknown): Promise<BackgroundReply> } };
}

export interface MailboxEmail {
  uploadId: string;
  fileName: string;
  url: string;
}

export interface ReplicaControl {
  /** Fresh directory and no uploads; options as POST /__test/reset. */
  reset(options?: Omit<ReplicaOptions, 'port'>): Promise<void>;
  directory(): Promise<Account[]>;
  uploads(): Promise<Upload[]>;
  mailbox(): Promise<MailboxEmail[]>;
  /** The results email's CSV for a processed upload. */
  resultsCsv(uploadId: string): Promise<string>;
  /** Waits until at least `count` uploads have been processed. */
  waitForProcessed(count: number, timeoutMs?: number): Promise<void>;
}

/** The replica in a Chromium without the extension: the portal as an admin meets it today. */
export interface ReplicaBrowser {
  context: BrowserContext;
  replicaUrl: string;
  /**
   * Opens /Admin?<query>#/ then clicks the "CSV Upload" tool bar link (hash navigation, no load) and waits for the Upload Users heading.
   * `path` opens the app under another spelling (the portal's paths are not case-sensitive: '/admin').
   */
  openUploadPage(query?: string, path?: string): Promise<Page>;
  replica: ReplicaControl;
  close(): Promise<void>;
}

export interface GuardBrowser extends ReplicaBrowser {
  extensionId: string;
  serviceWorker: Worker;
  /** Opens chrome-extension://<id>/<path> (e.g. 'popup.html', 'options.html'). */
  openExtensionPage(path: string): Promise<Page>;
  /** Sends a typed message to the background from an extension page and returns reply.data (throws on {ok:false}). */
  sendToBackground<T = unknown>(type: string, data?: unknown): Promise<T>;
  /** Has the background check a file the way the page does (slices, then 'check-upload'); returns the reply's data. */
  checkInBackground<T = unknown>(fileName: string, text: string): Promise<T>;
}

export interface LaunchOptions {
  replica?: ReplicaOptions;
  /** Default true; the demo runs headed when a display exists. */
  headless?: boolean;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  // Containers often have a tiny /dev/shm, which makes Chromium crash.
  '--disable-dev-shm-usage',
];

interface Launched {
  context: BrowserContext;
  replicaUrl: string;
  teardown(): Promise<void>;
}

/** The replica on a free port and Chromium in a fresh temporary profile, optionally with the unpacked e2e build. */
async function launch(options: LaunchOptions, withExtension: boolean): Promise<Launched> {
  const executablePath = resolveChromium();
  if (withExtension && !existsSync(join(E2E_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No e2e build at ${E2E_EXTENSION_DIR}: run "npm run build:e2e" (npm run test:e2e does it).`);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'csv-guard-e2e-'));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  let extensionDir: string | undefined;
  if (withExtension) {
    // A private copy: another engineer's rebuild of .output cannot pull the extension out from under a running test.
    extensionDir = join(workDir, 'extension');
    cpSync(E2E_EXTENSION_DIR, extensionDir, { recursive: true });
  }
  let replica: Awaited<ReturnType<typeof startReplica>> | undefined;
  try {
    replica = await startReplica({ port: 0, ...options.replica });
    const running = replica;
    const extensionArgs = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
    const context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath,
      headless: options.headless ?? true,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      args: [...CHROMIUM_ARGS, ...extensionArgs],
    });
    return {
      context,
      replicaUrl: running.url,
      async teardown() {
        await context.close().catch(() => undefined);
        await running.close();
        removeWorkDir();
      },
    };
  } catch (error) {
    await replica?.close();
    removeWorkDir();
    throw error;
  }
}

/**
 * The one way browser tests start: the portal replica on a free port, Chromium with the unpacked
 * e2e build in a fresh temporary profile, and the extension's service worker.
 */
export async function launchGuardBrowser(options: LaunchOptions = {}): Promise<GuardBrowser> {
  const launched = await launch(options, true);
  const { context } = launched;
  try {
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    return buildGuardBrowser(replicaBrowser(launched), serviceWorker, extensionId);
  } catch (error) {
    await launched.teardown();
    throw error;
  }
}

/** The replica in Chromium without the extension, to show what the portal does on its own. */
export async function launchReplicaBrowser(options: LaunchOptions = {}): Promise<ReplicaBrowser> {
  return replicaBrowser(await launch(options, false));
}

function replicaBrowser(launched: Launched): ReplicaBrowser {
  const { context, replicaUrl } = launched;
  return {
    context,
    replicaUrl,
    async openUploadPage(query = '', path = '/Admin') {
      const page = await context.newPage();
      const search = query.replace(/^\?/, '');
      await page.goto(`${replicaUrl}${path}${search ? `?${search}` : ''}#/`);
      await page.getByRole('navigation', { name: 'Tool bar' }).getByRole('link', { name: 'CSV Upload' }).click();
      await page.getByRole('heading', { level: 1, name: 'Upload Users' }).waitFor();
      return page;
    },
    replica: replicaControl(replicaUrl),
    close: launched.teardown,
  };
}

function buildGuardBrowser(base: ReplicaBrowser, firstWorker: Worker, extensionId: string): GuardBrowser {
  let messagePage: Page | undefined;
  const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;

  async function openExtensionPage(path: string): Promise<Page> {
    const page = await base.context.newPage();
    await page.goto(extensionUrl(path));
    return page;
  }

  return {
    ...base,
    extensionId,
    // The current worker: Chrome may stop an idle one and start a new one.
    get serviceWorker() {
      return base.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? firstWorker;
    },
    openExtensionPage,
    async sendToBackground<T>(type: string, data: unknown = {}): Promise<T> {
      if (!messagePage || messagePage.isClosed()) messagePage = await openExtensionPage('popup.html');
      const reply = await messagePage.evaluate((message) => (globalThis as unknown as ExtensionPageGlobals).chrome.runtime.sendMessage(message), {
        channel: 'csv-guard',
        type,
        data,
      });
      return replyData<T>(type, reply);
    },
    checkInBackground<T>(fileName: string, text: string): Promise<T> {
      return checkInParts<T>((type, data) => this.sendToBackground(type, data), fileName, text);
    },
  };
}

/** The data of the background's reply to `type`; throws, naming the message, on no reply or {ok:false}. */
export function replyData<T>(type: string, reply: BackgroundReply): T {
  if (!reply) throw new Error(`No reply from the background to "${type}".`);
  if (!reply.ok) throw new Error(`Background refused "${type}": ${reply.error ?? 'no error text'}`);
  return reply.data as T;
}

/** Has the background check a file the way the page does when it sends text (slices, then 'check-upload') through `send`; returns the reply's data. */
export async function checkInParts<T>(send: (type: string, data: unknown) => Promise<unknown>, fileName: string, text: string): Promise<T> {
  const checkId = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const slices = sliceText(text);
  const count = slices.length;
  for (const [index, slice] of slices.entries()) await send('check-upload-part', { checkId, index, count, text: slice });
  return (await send('check-upload', { checkId, fileName, encoding: 'utf-8', partCount: count })) as T;
}

/** Test control over HTTP, the same endpoints a developer can call by hand (see tests/portal-replica/README.md). */
export function replicaControl(replicaUrl: string): ReplicaControl {
  async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${replicaUrl}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }
  const control: ReplicaControl = {
    async reset(options = {}) {
      const response = await fetch(`${replicaUrl}/__test/reset`, { method: 'POST', body: JSON.stringify(options) });
      if (!response.ok) throw new Error(`Replica reset failed: HTTP ${response.status}`);
    },
    directory: async () => (await getJson<{ accounts: Account[] }>('/__test/directory')).accounts,
    uploads: async () => (await getJson<{ uploads: Upload[] }>('/__test/uploads')).uploads,
    mailbox: async () => (await getJson<{ emails: MailboxEmail[] }>('/__test/mailbox')).emails,
    async resultsCsv(uploadId) {
      const response = await fetch(`${replicaUrl}/__test/mailbox/${encodeURIComponent(uploadId)}.csv`);
      if (!response.ok) throw new Error(`No results email for ${uploadId} yet (HTTP ${response.status}).`);
      return response.text();
    },
    async waitForProcessed(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const processed = (await control.uploads()).filter((u) => u.processedAt).length;
        if (processed >= count) return;
        if (Date.now() > deadline) throw new Error(`Only ${processed} of ${count} uploads processed after ${timeoutMs} ms.`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return control;
}

/** Choose a file in the page's file input by content (uses setInputFiles with a buffer). */
export async function chooseFile(page: Page, fileName: string, content: string | Buffer): Promise<void> {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await page.locator('input[type=file]').first().setInputFiles({ name: fileName, mimeType: 'text/csv', buffer });
}
