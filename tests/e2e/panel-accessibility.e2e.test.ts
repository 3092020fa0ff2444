import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { axeRun, focused, focusByTab, nextFileChooser } from './accessibility-checks';
import { finishOpenSubmissions, importMailboxReport, panel, portalButton, summaryNumbers } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Issue 16, "accessibility in the tests": axe-core on the panel in each state (checking, findings that
// block, acknowledged, held, ready, uploaded), the hold notice and the verdict announced, and the two
// stories walked with the keyboard alone (Tab, Shift+Tab, Enter, Space).
const PEOPLE = 300;
const SEED = 7;
const people = generatePeople(PEOPLE, SEED);
const active = people.filter((p) => p.status === 'Active');
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

/** Six people from `from`: line 3 carries the local ID of someone not in the file, lines 5 and 6 have none, line 7 a bad mobile. */
function riskyFile(from: number): string {
  return uploadCsv(active.slice(from, from + 6), (row, i) => {
    if (i === 1) row[COL.ExternalSyncID!] = active[from + 40]!.localId;
    if (i === 3 || i === 4) row[COL.ExternalSyncID!] = '';
    if (i === 5) row[COL.MobileNumber!] = '12345';
    return row;
  });
}

function cleanFile(from: number): string {
  return uploadCsv(active.slice(from, from + 5), (row) => ((row[COL.JobTitle!] = 'Ward Manager'), row));
}

/** The panel passes axe-core with no serious or critical violation, and axe really looked inside it. */
async function expectAccessiblePanel(page: Page, state: string): Promise<void> {
  const { violations, inspectedInShadow } = await axeRun(page, 'csv-guard');
  expect(violations, `panel, ${state}`).toEqual([]);
  expect(inspectedInShadow, `axe inspected the panel's shadow root (${state})`).toBeGreaterThan(0);
}

/** Said to a screen reader when it appears: an alert, or inside a live region. */
async function announced(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    for (let node: Element | null = el; node; node = node.parentElement) {
      const role = node.getAttribute('role');
      if (role === 'alert' || role === 'status' || role === 'log') return true;
      const live = node.getAttribute('aria-live');
      if (live === 'polite' || live === 'assertive') return true;
    }
    return false;
  });
}

function hold(page: Page): Locator {
  return panel(page).locator('[data-testid="hold"]');
}

describe('the panel with axe-core, screen readers and the keyboard', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: replicaSettings });
    await importMailboxReport(guard);
  });
  afterAll(async () => {
    await guard?.close();
  });
  beforeEach(async () => {
    await guard.replica.reset(replicaSettings);
    await finishOpenSubmissions(guard);
  });
  afterEach(async () => {
    for (const page of guard.context.pages()) if (page.url().startsWith(guard.replicaUrl)) await page.close({ runBeforeUnload: true });
  });

  it('has no serious or critical axe violations while a file is checked', async () => {
    // The check waits (up to 3 s) for the page's sample file to learn its headings: holding that file back
    // keeps the panel in "checking" long enough for axe, with a file big enough to take a while after it.
    const SAMPLE = '**/Admin/SampleFiles/NewFormat.csv';
    let heldBack = 0;
    await guard.context.route(SAMPLE, () => void heldBack++);
    try {
      const page = await guard.openUploadPage();
      await panel(page).getByText('Choose a file and CSV Guard checks it here').waitFor();
      await chooseFile(page, 'large.csv', uploadCsv(generatePeople(20_000, 5, 'RYY')));
      const progress = panel(page).locator('[data-testid="progress"]');
      await progress.waitFor({ timeout: 30_000 });
      await expectAccessiblePanel(page, 'checking');
      expect(await progress.isVisible(), 'the check was still running when axe finished').toBe(true);
      expect(await announced(progress)).toBe(true);
      expect(heldBack, 'the sample file was held back').toBeGreaterThan(0);
    } finally {
      await guard.context.unroute(SAMPLE);
    }
  });

  it('has no serious or critical axe violations with blocking findings, held, acknowledged; the hold and the verdict are announced', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(page, 'risky.csv', riskyFile(100));
    await summaryNumbers(page);
    await panel(page).locator('[data-testid="risks"]').waitFor();
    // The verdict (the numbers) is announced when it appears.
    expect(await announced(panel(page).locator('[data-testid="summary"]'))).toBe(true);
    await expectAccessiblePanel(page, 'findings that block Upload');

    await portalButton(page, 'Upload').click();
    await expect.poll(() => hold(page).getAttribute('data-reason')).toBe('unacknowledged');
    expect(await announced(hold(page)), 'the hold notice is an alert or in a live region').toBe(true);
    await expectAccessiblePanel(page, 'Upload held');

    await panel(page)
      .getByLabel(/I understand that 2 rows will create new accounts/)
      .check();
    await panel(page)
      .getByLabel(/I understand that 1 row has values the portal will reject/)
      .check();
    await panel(page)
      .getByLabel(/I understand that line 3 will overwrite/)
      .check();
    await hold(page).waitFor({ state: 'detached' });
    await expect.poll(() => panel(page).locator('[data-rule="identity-mismatch"] .severity-label').textContent()).toBe('Acknowledged');
    await expectAccessiblePanel(page, 'every risk acknowledged');
    expect(await guard.replica.uploads()).toEqual([]);
  });

  it('has no serious or critical axe violations when ready, uploaded, and held in a second tab; each hold is announced', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(page, 'clean.csv', cleanFile(130));
    expect(await summaryNumbers(page)).toMatchObject({ rows: 5, updates: 5, blocked: 0 });
    expect(await hold(page).count()).toBe(0);
    await expectAccessiblePanel(page, 'ready');

    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await panel(page).getByText('The portal is processing this upload').waitFor();
    await expectAccessiblePanel(page, 'uploaded');

    const second = await guard.openUploadPage();
    await chooseFile(second, 'next.csv', cleanFile(140));
    await summaryNumbers(second);
    await portalButton(second, 'Upload').click();
    await expect.poll(() => hold(second).getAttribute('data-reason')).toBe('slot-busy');
    expect(await announced(hold(second))).toBe(true);
    await expectAccessiblePanel(second, 'held: another upload in flight');
    expect(await guard.replica.uploads()).toHaveLength(1);
  });

  it('walks the risky file to a held Upload with the keyboard alone', async () => {
    const page = await guard.openUploadPage();
    await panel(page).getByText('Choose a file and CSV Guard checks it here').waitFor();
    const chooserOpened = nextFileChooser(page);
    await focusByTab(page, (f) => f.tag === 'input' && f.type === 'file');
    await page.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles({ name: 'risky.csv', mimeType: 'text/csv', buffer: Buffer.from(riskyFile(160), 'utf8') });
    await panel(page).locator('[data-testid="risks"]').waitFor();

    await focusByTab(page, (f) => !f.inPanel && f.text === 'Upload');
    await page.keyboard.press('Enter');
    // Focus moves to the reason, so the keyboard user hears why.
    await expect.poll(async () => (await focused(page)).testId).toBe('hold');
    expect(await hold(page).getAttribute('data-reason')).toBe('unacknowledged');

    // One tick (Space) for the new accounts, then back (Shift+Tab) to Upload: still held by the overwrite.
    await focusByTab(page, /^I understand that 2 rows will create new accounts/);
    await page.keyboard.press('Space');
    expect(
      await panel(page)
        .getByLabel(/I understand that 2 rows will create new accounts/)
        .isChecked(),
    ).toBe(true);
    await focusByTab(page, (f) => !f.inPanel && f.text === 'Upload', { backwards: true });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).testId).toBe('hold');
    expect(await hold(page).textContent()).toContain("overwrite another person's account");
    expect(await guard.replica.uploads()).toEqual([]);
  });

  it('walks a clean file to an upload with the keyboard alone', async () => {
    const page = await guard.openUploadPage();
    await panel(page).getByText('Choose a file and CSV Guard checks it here').waitFor();
    const chooserOpened = nextFileChooser(page);
    await focusByTab(page, (f) => f.tag === 'input' && f.type === 'file');
    await page.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles({ name: 'clean.csv', mimeType: 'text/csv', buffer: Buffer.from(cleanFile(180), 'utf8') });
    expect(await summaryNumbers(page)).toMatchObject({ rows: 5, updates: 5, blocked: 0 });

    await focusByTab(page, (f) => !f.inPanel && f.text === 'Validate');
    await page.keyboard.press('Enter');
    await page.getByText('5 users already exist and will be updated').waitFor();
    await focusByTab(page, (f) => !f.inPanel && f.text === 'Upload');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    const uploads = await guard.replica.uploads();
    expect(uploads.map((u) => [u.fileName, u.rowCount])).toEqual([['clean.csv', 5]]);
  });
});
