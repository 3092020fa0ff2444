import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { importMailboxReport, panel, portalButton, summaryOf } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Chrome does not put the new content script into tabs that were open when the extension was updated
// or reloaded: the old one is cut off from the background for good. Such a tab must hold Upload and
// ask for a reload, never let a file through unchecked (issue 12, "fail closed").
const PEOPLE = 60;
const SEED = 41;
const people = generatePeople(PEOPLE, SEED);
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

describe('a portal tab left open while CSV Guard is updated', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: replicaSettings });
    await importMailboxReport(guard);
  });
  afterAll(async () => {
    await guard?.close();
  });

  it('says "CSV Guard was updated: reload this page" and holds Upload until the page is reloaded', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(
      page,
      'before-update.csv',
      uploadCsv(people.slice(0, 3), (row) => ((row[COL.JobTitle!] = 'Ward Manager'), row)),
    );
    await summaryOf(page).waitFor();

    // What an update does to the extension, from its own page: the unpacked extension is reloaded. (Chromium
    // loaded with --load-extension does not bring it back in a test profile: only the old tab is looked at.)
    const extensionPage = await guard.openExtensionPage('popup.html');
    await extensionPage
      .evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload())
      .catch(() => undefined);

    const hold = panel(page).locator('[data-testid="hold"]');
    // Said before any click: the admin must not find out by trying.
    await expect.poll(() => hold.getAttribute('data-reason'), { timeout: 15_000 }).toBe('orphaned');
    expect(await hold.textContent()).toContain('CSV Guard was updated: reload this page');
    expect(await panel(page).getByRole('button', { name: 'Reload this page' }).count()).toBe(1);

    await portalButton(page, 'Upload').click();
    await page.waitForTimeout(500);
    expect(await guard.replica.uploads()).toHaveLength(0);
  });
});
