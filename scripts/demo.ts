/**
 * `npm run demo`: the portal replica with a few thousand users, the e2e build of CSV Guard, and
 * Chromium walking through the whole story. Headless (screenshots in docs/demo/, committed) when there
 * is no display; headed, and left open until Ctrl+C, when there is one.
 *
 *   npm run demo                 build, then run
 *   npm run demo -- --no-build   reuse .output/chrome-mv3-e2e
 *   npm run demo -- --headless   headless even with a display
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { resolveChromium } from '../tests/e2e/chromium';
import { chooseFile, launchGuardBrowser, REPO_ROOT, type GuardBrowser } from '../tests/e2e/harness';
import { errorMessage } from '../lib/error-message';

const PEOPLE = 3000;
/** The whole story's screenshots, committed: the README shows them. */
const OUTPUT_DIR = join(REPO_ROOT, 'docs', 'demo');
const args = new Set(process.argv.slice(2));
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = args.has('--headless') || !hasDisplay;

const say = (line: string) => console.log(`[demo] ${line}`);
const screenshots: string[] = [];

async function screenshot(page: Page, name: string, what: string): Promise<void> {
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
  say(`screenshot: ${relative(process.cwd(), path)}  (${what})`);
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}

/** Imports the replica's Mailbox Report through the options page, if that page has its import UI yet. */
async function importMailboxReport(guard: GuardBrowser): Promise<void> {
  const options = await guard.openExtensionPage('options.html');
  const fileInput = options.locator('input[type=file]').first();
  const present = await fileInput.waitFor({ state: 'attached', timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  if (!present) {
    say('NOTE: the options page has no Mailbox Report import yet (no file input): skipping the import step.');
    await options.close();
    return;
  }
  const orgLabel = options.getByLabel(/organisation/i).first();
  if (await orgLabel.count()) await orgLabel.fill('Demo Hospital Trust (RXX)');
  const report = await text(`${guard.replicaUrl}/Admin/Reports/MailboxReport.csv`);
  await fileInput.setInputFiles({ name: 'Mailbox Report.csv', mimeType: 'text/csv', buffer: Buffer.from(report) });
  const importButton = options.getByRole('button', { name: /import/i }).first();
  if ((await importButton.count()) && (await importButton.isEnabled())) await importButton.click();
  const imported = await waitFor(async () => {
    const { reports } = await guard.sendToBackground<{ reports: unknown[] }>('reports-list', {});
    return reports.length > 0;
  }, 60_000);
  say(
    imported
      ? `Mailbox Report imported (${PEOPLE} mailboxes).`
      : 'NOTE: the Mailbox Report import did not finish within 60 s; carrying on without it.',
  );
  await screenshot(options, '01-options-mailbox-report', 'options page after importing the Mailbox Report');
  await options.close();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The portal's form and the CSV Guard panel beside it: the part of the page the story is about. */
async function shootUploadPage(page: Page, name: string, what: string): Promise<void> {
  await page.waitForTimeout(300); // let the panel finish drawing its last groups
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.locator('main').screenshot({ path, scale: 'css' });
  screenshots.push(path);
  say(`screenshot: ${relative(process.cwd(), path)}  (${what})`);
}

function panelOf(page: Page) {
  return page.locator('csv-guard');
}

async function summaryRows(page: Page): Promise<string> {
  const summary = panelOf(page).locator('[data-testid="summary"]');
  await summary.waitFor({ timeout: 60_000 });
  return `${await summary.getAttribute('data-rows')} rows, ${await summary.getAttribute('data-updates')} updates, ${await summary.getAttribute('data-new-accounts')} new accounts, ${await summary.getAttribute('data-blocked')} blocked`;
}

/** The good file with one row given a stale local ID: the kind of row that makes a second account. */
function withStaleLocalId(csv: string): string {
  const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const column = header!.indexOf('ExternalSyncID');
  rows[2]![column] = 'OLD-000999';
  return Papa.unparse({ fields: header!, data: rows }, { newline: '\r\n' });
}

/** The results email of the latest processed upload, read in CSV Guard's reconcile view. */
async function reconcile(guard: GuardBrowser, uploadId: string, name: string, what: string): Promise<void> {
  await guard.replica.waitForProcessed((await guard.replica.uploads()).findIndex((u) => u.uploadId === uploadId) + 1, 60_000);
  const results = await guard.replica.resultsCsv(uploadId);
  const view = await guard.openExtensionPage('popup.html?view=tab&start=results');
  await view.setViewportSize({ width: 900, height: 900 });
  await view
    .locator('input[data-testid="results-input"]')
    .setInputFiles({ name: `${uploadId} results.csv`, mimeType: 'text/csv', buffer: Buffer.from(results, 'utf8') });
  await view.getByTestId('outcome-counts').waitFor({ timeout: 60_000 });
  if (name) await screenshot(view, name, what);
  await view.close();
}

/**
 * The whole story: the risky file, its corrected file uploaded, a second tab held while it is processed,
 * the results email reconciled (freeing the slot), the second tab's file uploaded against CSV Guard's advice,
 * its results naming the duplicate it made, and the history that keeps it.
 */
async function wholeStory(guard: GuardBrowser): Promise<void> {
  const page = await guard.openUploadPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  const risky = await text(`${guard.replicaUrl}/demo/risky-update.csv`);
  await chooseFile(page, 'risky-update.csv', risky);
  say(`risky-update.csv checked: ${await summaryRows(page)}`);
  await panelOf(page).locator('[data-testid="risks"]').waitFor();
  await shootUploadPage(page, '02-risky-file', 'the risky file: each kind of risk to acknowledge, with its count and consequence; Upload held');

  await panelOf(page).getByRole('button', { name: 'Show the corrected file and its changes' }).click();
  await panelOf(page).locator('[data-testid="change-list"]').waitFor({ timeout: 60_000 });
  await panelOf(page).getByRole('button', { name: 'Use corrected file' }).click();
  await panelOf(page).locator('[data-testid="correction-used"]').waitFor();
  say(`corrected file checked: ${await summaryRows(page)}`);
  await page.getByRole('button', { name: 'Validate' }).click();
  await page
    .getByRole('region', { name: 'Validation results' })
    .getByText(/already exist and will be updated/)
    .waitFor({ timeout: 30_000 });
  await shootUploadPage(
    page,
    '03-corrected-file',
    'the corrected file in the Browse box, checked again: all updates, nothing blocks; the portal agrees',
  );

  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor({ timeout: 30_000 });
  await panelOf(page).getByText('The portal is processing this upload').waitFor();
  await shootUploadPage(page, '04-uploaded', 'uploaded: the portal is processing it, and Upload stays held in this tab');
  const [first] = await guard.replica.uploads();

  const second = await guard.openUploadPage();
  await second.setViewportSize({ width: 1100, height: 900 });
  const next = withStaleLocalId(await text(`${guard.replicaUrl}/demo/good-update.csv`));
  await chooseFile(second, 'next-update.csv', next);
  say(`next-update.csv checked in a second tab: ${await summaryRows(second)}`);
  await panelOf(second)
    .getByLabel(/I understand that 1 row will create a new account/)
    .check();
  await second.getByRole('button', { name: 'Upload' }).click();
  await panelOf(second).locator('[data-testid="hold"][data-reason="slot-busy"]').waitFor({ timeout: 30_000 });
  await shootUploadPage(
    second,
    '05-second-tab-held',
    'a second tab: Upload held while the first upload is processed (one CSV at a time, in this browser profile)',
  );
  if ((await guard.replica.uploads()).length !== 1) throw new Error('the second tab reached the portal while the first upload was processed');

  await reconcile(guard, first!.uploadId, '', "the first upload's results email");
  say('first results email reconciled: the upload slot is free');
  // The slot freed, the second tab checks its file again; the admin acknowledges the new account once more, against the advice.
  await panelOf(second).locator('[data-testid="hold"][data-reason="slot-busy"]').waitFor({ state: 'detached', timeout: 30_000 });
  await panelOf(second)
    .getByLabel(/I understand that 1 row will create a new account/)
    .check();
  await second.getByRole('button', { name: 'Upload' }).click();
  await second.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor({ timeout: 30_000 });
  const uploads = await guard.replica.uploads();
  await reconcile(
    guard,
    uploads.at(-1)!.uploadId,
    '06-results-duplicate',
    "the second upload's results email: the duplicate it created, named with the account it repeats",
  );
  const created = (await guard.replica.directory()).filter((a) => a.createdByUploadId);
  say(`the second upload created ${created.length} account(s): ${created.map((a) => `${a.displayName} <${a.email}>`).join(', ')}`);

  const popup = await guard.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 460, height: 900 });
  await popup.getByTestId('history-duplicates').waitFor({ timeout: 30_000 });
  await screenshot(popup, '07-history', "the toolbar popup's history keeps the duplicate and the account it repeats");
  await popup.close();
}

async function main(): Promise<void> {
  resolveChromium({ log: say });
  if (!args.has('--no-build')) {
    say('building the e2e extension (wxt build --mode e2e)...');
    execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });

  say(`starting the portal replica (${PEOPLE} users) and Chromium ${headless ? 'headless' : 'with a window'}...`);
  const replica = { people: PEOPLE, processingDelayMs: 4_000 };
  // Headed, a fixed port is easier to revisit; fall back to a free one when it is taken.
  const port = headless ? 0 : Number(process.env.PORT ?? 8787);
  const guard = await launchGuardBrowser({ headless, replica: { ...replica, port } }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    say(`port ${port} is in use: using a free port instead`);
    return launchGuardBrowser({ headless, replica: { ...replica, port: 0 } });
  });
  say(
    `replica: ${guard.replicaUrl}/Admin#/   (good file: ${guard.replicaUrl}/demo/good-update.csv, risky file: ${guard.replicaUrl}/demo/risky-update.csv)`,
  );
  say(`extension id: ${guard.extensionId}`);
  try {
    await importMailboxReport(guard);
    await wholeStory(guard);
  } catch (error) {
    await guard.close();
    throw error;
  }

  say(`${screenshots.length} screenshots in ${relative(process.cwd(), OUTPUT_DIR) || '.'}/:`);
  for (const path of screenshots) console.log(`  ${path}`);

  if (headless) {
    await guard.close();
    return;
  }
  say('The browser stays open: try the good and risky files yourself. Ctrl+C to quit.');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await guard.close();
}

main().catch((error: unknown) => {
  console.error(`[demo] failed: ${errorMessage(error)}`);
  process.exit(1);
});
