import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import type { GuardBrowser } from './harness';

/** What an admin does and sees in browser tests, written once for every e2e file. */

/** The CSV Guard panel on the portal page (its open shadow root is pierced by CSS selectors). */
export function panel(page: Page): Locator {
  return page.locator('csv-guard');
}

export function summaryOf(page: Page): Locator {
  return panel(page).locator('[data-testid="summary"]');
}

/** Waits for the panel's summary and reads its numbers. */
export async function summaryNumbers(page: Page): Promise<{ rows: number; updates: number; newAccounts: number; blocked: number }> {
  const summary = summaryOf(page);
  await summary.waitFor({ timeout: 60_000 });
  return summary.evaluate((el) => ({
    rows: Number(el.getAttribute('data-rows')),
    updates: Number(el.getAttribute('data-updates')),
    newAccounts: Number(el.getAttribute('data-new-accounts')),
    blocked: Number(el.getAttribute('data-blocked')),
  }));
}

/**
 * Tick every kind of risk the panel lets the admin acknowledge as a whole ("I understand that 2 rows will
 * create new accounts"). Rows that would overwrite another person's account have no such box.
 */
export async function acknowledgeEveryKind(page: Page): Promise<void> {
  const boxes = panel(page).locator('[data-testid="risks"] [data-risk-kind] > label input[type=checkbox]');
  await boxes.first().waitFor();
  for (const box of await boxes.all()) await box.check();
}

/** The portal's own control, never the panel's. */
export function portalButton(page: Page, name: string): Locator {
  return page.locator('main').getByRole('button', { name, exact: true });
}

/** Clicks a download button and returns the saved file's text. */
export async function downloadFrom(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  if (!path) throw new Error('The download was not saved.');
  return readFileSync(path, 'utf8');
}

/** The replica's directory as a Mailbox Report, imported through the options page as an admin would. */
export async function importMailboxReport(guard: GuardBrowser, orgLabel = 'Replica Trust'): Promise<void> {
  const report = await (await fetch(`${guard.replicaUrl}/Admin/Reports/MailboxReport.csv`)).text();
  const options = await guard.openExtensionPage('options.html');
  await options
    .getByLabel('Mailbox Report file')
    .setInputFiles({ name: 'Mailbox Report.csv', mimeType: 'text/csv', buffer: Buffer.from(report, 'utf8') });
  await options.getByLabel('Organisation').fill(orgLabel);
  await options.getByRole('button', { name: 'Import report' }).click();
  // A second import under the same name asks first (the portal names every file "Mailbox Report"): confirm, as the admin would.
  const summary = options.locator('.csvg-import-summary');
  const replace = options.getByTestId('replace-confirm');
  await summary.or(replace).first().waitFor({ timeout: 60_000 });
  if (await replace.isVisible()) await replace.getByRole('button', { name: /^Yes, replace/ }).click();
  await summary.waitFor({ timeout: 60_000 });
  await options.close();
}

/** Submissions holding the upload slot. */
export async function inFlight(guard: GuardBrowser): Promise<HistoryEntry[]> {
  const { submissions } = await guard.sendToBackground<{ submissions: HistoryEntry[] }>('history-list');
  return submissions.filter((s) => s.state === 'preparing' || s.state === 'processing');
}

/**
 * Each test starts with the slot free, as if the previous upload's results had arrived. A submission whose
 * Upload was clicked can be neither released nor finished until its closed tab has turned it into
 * `processing`, which happens a moment later in the background: so keep going until the slot is free.
 */
export async function finishOpenSubmissions(guard: GuardBrowser, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await inFlight(guard);
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`The upload slot is still held by: ${open.map((s) => `${s.fileName} (${s.state})`).join(', ')}`);
    for (const s of open) {
      const type = s.state === 'processing' ? 'submission-finish' : 'slot-release';
      await guard.sendToBackground(type, { submissionId: s.id }).catch(() => undefined);
    }
    if ((await inFlight(guard)).length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
