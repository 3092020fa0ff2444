/**
 * `npm run demo`: the portal replica with a few thousand users, the e2e build of CSV Guard, and
 * Chromium walking through the risky-file story. Headless (screenshots in demo-output/) when there
 * is no display; headed, and left open until Ctrl+C, when there is one.
 *
 *   npm run demo                 build, then run
 *   npm run demo -- --no-build   reuse .output/chrome-mv3-e2e
 *   npm run demo -- --headless   headless even with a display
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { resolveChromium } from '../tests/e2e/chromium';
import { chooseFile, launchGuardBrowser, REPO_ROOT, type GuardBrowser } from '../tests/e2e/harness';
import { errorMessage } from '../lib/error-message';

const PEOPLE = 3000;
const OUTPUT_DIR = join(REPO_ROOT, 'demo-output');
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
  const present = await fileInput.waitFor({ state: 'attached', timeout: 5_000 }).then(() => true, () => false);
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
  say(imported ? `Mailbox Report imported (${PEOPLE} mailboxes).` : 'NOTE: the Mailbox Report import did not finish within 60 s; carrying on without it.');
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

async function riskyFileStory(guard: GuardBrowser): Promise<void> {
  const page = await guard.openUploadPage();
  await screenshot(page, '02-upload-users', 'the replica\'s Upload Users page, reached by hash navigation');

  const risky = await text(`${guard.replicaUrl}/demo/risky-update.csv`);
  await chooseFile(page, 'risky-update.csv', risky);
  const panel = await page.locator('csv-guard').waitFor({ state: 'attached', timeout: 10_000 }).then(() => true, () => false);
  if (!panel) say('NOTE: the CSV Guard panel (<csv-guard>) did not appear: is the content script built?');
  await page.waitForTimeout(2_500); // let the check finish and the panel settle before the picture
  await screenshot(page, '03-risky-file-checked', 'risky-update.csv chosen: CSV Guard\'s findings');

  await page.getByRole('button', { name: 'Validate' }).click();
  await page.getByRole('region', { name: 'Validation results' }).getByText(/Line \d+|will be updated|No errors/).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(1_000);
  await screenshot(page, '04-validated', 'after the portal\'s Validate step');

  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForTimeout(2_500);
  await screenshot(page, '05-upload-clicked', 'after clicking Upload');
  const uploads = await guard.replica.uploads();
  if (uploads.length === 0) {
    say('Outcome: the Upload click never reached the portal replica (held by CSV Guard).');
  } else {
    await guard.replica.waitForProcessed(uploads.length);
    const created = (await guard.replica.directory()).filter((a) => a.createdByUploadId);
    say(`Outcome: the upload reached the replica and created ${created.length} new account(s): ${created.map((a) => `${a.displayName} <${a.email}>`).join(', ')}.`);
  }
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
  say(`replica: ${guard.replicaUrl}/Admin#/   (good file: ${guard.replicaUrl}/demo/good-update.csv, risky file: ${guard.replicaUrl}/demo/risky-update.csv)`);
  say(`extension id: ${guard.extensionId}`);
  try {
    await importMailboxReport(guard);
    await riskyFileStory(guard);
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
