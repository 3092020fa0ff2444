import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ReportsProtocol } from '../../lib/messaging/reports-protocol';
import { emailKey, mobileKey, nameKey } from '../../lib/portal/normalize';
import { COL, generatePeople, mailboxReportCsv, uploadCsv } from '../support/generate';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

type LookupResponse = ReportsProtocol['lookup-mailboxes']['response'];

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
    expect(progressSeen.some((n) => n > 0 && n < ROWS), `progress values seen: ${progressSeen.slice(0, 10).join(', ')}`).toBe(true);
  });

  it('answers one lookup message with mailboxes from the imported report, by each kind of key', async () => {
    const byId = people[54_320]!;
    const byEmail = people[99_999]!;
    const byName = people[12]!;
    const result = await guard.sendToBackground<LookupResponse>('lookup-mailboxes', {
      localIds: [byId.localId, 'NOT-A-LOCAL-ID'],
      emails: [emailKey(byEmail.email)],
      nameKeys: [nameKey(byName.firstName, byName.lastName)],
      mobiles: [mobileKey(byId.mobile)],
    });
    const emails = result.mailboxes.map((m) => m.email);
    expect(emails).toContain(byId.email);
    expect(emails).toContain(byEmail.email);
    expect(emails).toContain(byName.email);
    expect(result.mailboxes.find((m) => m.localId === byEmail.localId)).toMatchObject({ orgId: 'e2e trust', status: expect.any(String) });
    expect(result.reports).toEqual([expect.objectContaining({ orgLabel: 'E2E Trust', rowCount: ROWS, stale: false, ageDays: 0 })]);
  });

  it('lets the Upload Users page\'s check find mailboxes of the imported report through its content script', async () => {
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
    expect(await summary.evaluate((el) => [el.getAttribute('data-rows'), el.getAttribute('data-updates'), el.getAttribute('data-new-accounts')])).toEqual(['4', '3', '1']);
    const duplicate = panel.locator('[data-rule="probable-duplicate"][data-line="5"]');
    await duplicate.waitFor();
    expect(await duplicate.textContent()).toContain(moved.email);
    await page.close();
  });
});
