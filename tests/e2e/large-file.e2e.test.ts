import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCheckTimer, waitForCheck } from '../../bench/browser/check-timer';
import { plantedUploadCsv } from '../../bench/browser/planted-upload';
import { importReportThroughPort } from '../../bench/browser/report-import';
import { chooseFileOnDisk, UploadFilesOnDisk } from '../../bench/browser/upload-file-on-disk';
import { generatePeople, mailboxReportCsv } from '../support/generate';
import { launchGuardBrowser, type GuardBrowser } from './harness';

const MAILBOXES = 100_000;
const ROWS = 50_000;

interface ClickGlobals {
  __validateClickedAt?: number;
}

// The largest trusts: a 50,000-row upload checked against a 100,000-mailbox report. How fast is the
// benchmark's business (npm run bench:browser); here, that it finishes and the portal stays usable.
describe('a 50,000-row upload in the loaded extension', () => {
  let guard: GuardBrowser;
  const files = new UploadFilesOnDisk();
  const people = generatePeople(MAILBOXES);

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: MAILBOXES } });
    const options = await guard.openExtensionPage('options.html');
    const imported = await importReportThroughPort(options, mailboxReportCsv(people), 'Large Trust');
    expect(imported.rowCount).toBe(MAILBOXES);
    await options.close();
  });

  afterAll(async () => {
    files.remove();
    await guard?.close();
  });

  it('completes the check, and a click on Validate during the check is handled by the portal', async () => {
    const page = await guard.openUploadPage();
    await page.getByText('Choose a file and CSV Guard checks it here').waitFor({ timeout: 15_000 });
    await installCheckTimer(page);
    const validate = page.getByRole('button', { name: 'Validate' });
    // The page's own clock for when the click reached the portal's button.
    await validate.evaluate((button) =>
      button.addEventListener('click', () => void ((globalThis as unknown as ClickGlobals).__validateClickedAt ??= performance.now())),
    );

    await chooseFileOnDisk(page, files.write('large-update.csv', plantedUploadCsv(people, ROWS)));
    await page.locator('csv-guard [data-testid="progress"]').waitFor({ timeout: 30_000 });
    await validate.click();

    const check = await waitForCheck(page, 110_000);
    const clickedAt = await page.evaluate(() => (globalThis as unknown as ClickGlobals).__validateClickedAt);
    expect(clickedAt, 'the Validate click was handled').toBeDefined();
    expect(clickedAt!, 'the click was handled while the check was still running').toBeLessThan(check.shownAt);

    // The portal acted on the click: its validation answer for the same file appears.
    await page
      .getByRole('region', { name: 'Validation results' })
      .getByText(/already exist and will be updated/)
      .waitFor({ timeout: 60_000 });

    const summary = page.locator('csv-guard [data-testid="summary"]');
    expect(await summary.getAttribute('data-rows')).toBe(String(ROWS));
    expect(Number(await summary.getAttribute('data-new-accounts'))).toBeGreaterThan(0);
    expect(Number(await summary.getAttribute('data-updates'))).toBeGreaterThan(ROWS / 2);

    // Groups far down the panel are drawn only when near the screen (content-visibility), yet each one is
    // there for the admin: named to a screen reader before it is scrolled to, and drawn once it is.
    const groups = page.locator('csv-guard [data-rule-group]');
    await expect.poll(() => groups.count(), { timeout: 30_000 }).toBeGreaterThan(10);
    const last = groups.last();
    const lastTop = await last.evaluate((section) => section.getBoundingClientRect().top);
    expect(lastTop, 'the last group starts below the screen').toBeGreaterThan(page.viewportSize()!.height);
    expect(await last.ariaSnapshot(), 'its heading and findings are in the accessibility tree').toMatch(/heading ".+\(\d[\d,]*\)[\s\S]*listitem/);
    const panelHeight = () => page.locator('csv-guard').evaluate((host) => host.getBoundingClientRect().height);
    const heightUndrawn = await panelHeight();
    for (const group of await groups.all()) await group.scrollIntoViewIfNeeded();
    const firstFinding = last.locator('li.finding').first();
    expect(await firstFinding.isVisible(), 'its first finding is drawn once scrolled to').toBe(true);
    expect((await firstFinding.boundingBox())?.height ?? 0).toBeGreaterThan(10);
    // Each group's height until drawn is estimated from its findings, so the page hardly grows or shrinks under the admin.
    const heightDrawn = await panelHeight();
    expect(
      Math.abs(heightDrawn - heightUndrawn) / heightDrawn,
      `panel ${heightUndrawn} px before every group was drawn, ${heightDrawn} px after`,
    ).toBeLessThan(0.2);
  }, 180_000);
});
