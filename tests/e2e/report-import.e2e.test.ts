import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChecksProtocol } from '../../lib/messaging/checks-protocol';
import { COL, generatePeople, mailboxReportCsv, uploadCsv } from '../support/generate';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

type CheckAnswer = ChecksProtocol['check-upload']['response'];

const ROWS = 100_000;

// The whole path an admin takes: a 100,000-row Mailbox Report imported through the options page of
// the loaded extension, then the background answers lookups from it.
describe('Mailbox Report import in the loaded extension', () => {
  let guard: GuardBrowser;
  let options: Page;
  const people = generatePeople(ROWS, 7, 'E2E');

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: 50 } });
    options = await guard.openExtensionPage('options.html');
  });

  afterAll(async () => {
    await guard?.close();
  });

  it('imports 100,000 rows through the options page with a progress bar and a summary', async () => {
    await options.getByRole('heading', { name: 'Import the Mailbox Report' }).waitFor();
    // Record every progress value the page shows, however quickly the import runs.
    await options.evaluate(() => {
      const seen: number[] = [];
      (globalThis as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role=progressbar]');
        const now = bar?.getAttribute('aria-valuenow');
        if (now !== null && now !== undefined && seen.at(-1) !== Number(now)) seen.push(Number(now));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    await options.getByLabel('Mailbox Report file').setInputFiles({
      name: 'Mailbox Report.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(mailboxReportCsv(people), 'utf8'),
    });
    await options.getByLabel('Organisation').fill('E2E Trust');
    await options.getByRole('button', { name: 'Import report' }).click();

    const summary = options.locator('.csvg-import-summary');
    await summary.waitFor({ timeout: 120_000 });
    expect(await summary.textContent()).toContain('100,000 mailboxes');
    expect(await summary.textContent()).toContain('CSV Guard now checks uploads against this report for “E2E Trust”');
    await options.getByRole('heading', { name: 'E2E Trust' }).waitFor();

    const progressSeen = await options.evaluate(() => (globalThis as unknown as { progressSeen: number[] }).progressSeen);
    expect(
      progressSeen.some((n) => n > 0 && n < ROWS),
      `progress values seen: ${progressSeen.slice(0, 10).join(', ')}`,
    ).toBe(true);
  });

  it('checks a file against the imported report, finding accounts by local ID and by email', async () => {
    const byId = people[54_320]!;
    const byEmail = people[99_999]!;
    const file = uploadCsv([byId, byEmail], (row, i) => {
      if (i === 1) row[COL.ExternalSyncID!] = 'NOT-A-LOCAL-ID';
      return row;
    });
    const answer = await guard.checkInBackground<CheckAnswer>('two-rows.csv', file);
    if (answer.outcome === 'unreadable') throw new Error(answer.error);
    expect(answer.report.summary).toMatchObject({ rows: 2, predictedUpdates: 1, predictedNewAccounts: 1 });
    const duplicate = answer.report.groups.find((g) => g.rule === 'probable-duplicate');
    expect(JSON.stringify(duplicate?.first)).toContain(byEmail.localId);
    expect(answer.report.freshness.reports).toEqual([expect.objectContaining({ orgLabel: 'E2E Trust', rowCount: ROWS })]);
    expect(answer.report.freshness.stale).toBe(false);
  });

  it("lets the Upload Users page's check find mailboxes of the imported report through its content script", async () => {
    const page = await guard.openUploadPage();
    const moved = people[77_777]!;
    // Three updates of accounts deep in the report, and one row whose local ID is stale.
    const file = uploadCsv([people[54_320]!, people[54_321]!, people[54_322]!, moved], (row, i) => {
      row[COL.JobTitle!] = 'Ward Manager';
      if (i === 3) row[COL.ExternalSyncID!] = 'OLD-000001';
      return row;
    });
    await chooseFile(page, 'ward-managers.csv', file);

    const panel = page.locator('csv-guard');
    const summary = panel.locator('[data-testid="summary"]');
    await summary.waitFor({ timeout: 60_000 });
    expect(
      await summary.evaluate((el) => [el.getAttribute('data-rows'), el.getAttribute('data-updates'), el.getAttribute('data-new-accounts')]),
    ).toEqual(['4', '3', '1']);
    const duplicate = panel.locator('[data-rule="probable-duplicate"][data-line="5"]');
    await duplicate.waitFor();
    expect(await duplicate.textContent()).toContain(moved.email);
    await page.close();
  });
});
