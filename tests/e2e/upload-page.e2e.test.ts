import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { COL, generatePeople, uploadCsv, uploadRow } from '../support/generate';
import { acknowledgeEveryKind, finishOpenSubmissions, importMailboxReport, inFlight, panel, portalButton } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// The Upload Users page with the extension loaded, against the portal replica: the panel, the held
// click, the portal's validation answer, re-rendering, and the portal still working when CSV Guard fails.
const PEOPLE = 300;
const SEED = 7;
const people = generatePeople(PEOPLE, SEED);
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

describe('the Upload Users page with CSV Guard', () => {
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
    // A tab left open keeps the slot it took at Validate, and would rightly hold the next test's Upload.
    for (const page of guard.context.pages()) if (page.url().startsWith(guard.replicaUrl)) await page.close({ runBeforeUnload: true });
  });

  it('shows a clean update file as all updates and lets Upload through, creating no account', async () => {
    const page = await guard.openUploadPage();
    const file = uploadCsv(people.slice(10, 15), (row) => ((row[COL.JobTitle!] = 'Ward Manager'), row));
    await chooseFile(page, 'ward-managers.csv', file);

    const summary = panel(page).locator('[data-testid="summary"]');
    await summary.waitFor();
    expect(await numbers(summary)).toEqual({ rows: '5', updates: '5', newAccounts: '0', blocked: '0' });
    expect(await panel(page).locator('[data-testid="hold"]').count()).toBe(0);

    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);
    expect(await guard.replica.uploads()).toHaveLength(1);
    expect((await guard.replica.directory()).filter((a) => a.createdByUploadId)).toEqual([]);
    await expect.poll(async () => (await inFlight(guard)).map((s) => s.state)).toEqual(['processing']);
  });

  it('hands the chosen file to the background as a File (structured-clone messages), which checks it as the page would have sent it', async () => {
    const text = uploadCsv(people.slice(20, 23));
    const popup = await guard.openExtensionPage('popup.html');
    const reply = await popup.evaluate(
      async (csv) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
          channel: 'csv-guard',
          type: 'check-upload-file',
          data: { checkId: 'e2e-file', fileName: 'as-file.csv', file: new File([csv], 'as-file.csv', { type: 'text/csv' }) },
        }),
      text,
    );
    await popup.close();
    // Under JSON messages the File would arrive as {} and the answer would be 'send-text'.
    expect(reply).toMatchObject({ ok: true, data: { outcome: 'checked', report: { summary: { rows: 3, predictedUpdates: 3 } } } });
    const sliced = await guard.checkInBackground<{ report: { summary: unknown } }>('as-text.csv', text);
    expect((reply as { data: { report: { summary: unknown } } }).data.report.summary).toEqual(sliced.report.summary);
  });

  it('after a successful upload says only that the portal is processing it: no hold, no "another submission", no warning (issue 16)', async () => {
    const page = await guard.openUploadPage();
    const file = uploadCsv(people.slice(110, 114), (row) => ((row[COL.Department!] = 'Radiology'), row));
    await chooseFile(page, 'radiology.csv', file);
    await waitForSummary(page);
    await portalButton(page, 'Validate').click();
    await page.getByText('4 users already exist and will be updated').waitFor();
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();

    const headline = panel(page).locator('[data-testid="headline"]');
    await expect.poll(() => headline.getAttribute('data-headline')).toBe('uploaded');
    expect(await headline.textContent()).toContain('The portal is processing this upload');
    // Once the portal's own processing has begun (the slot says so in every tab), still one state only.
    await expect.poll(async () => (await inFlight(guard)).map((s) => s.state)).toEqual(['processing']);
    await page.waitForTimeout(500);
    expect(await headline.count()).toBe(1);
    expect(await headline.getAttribute('data-headline')).toBe('uploaded');
    expect(await panel(page).locator('[data-testid="hold"]').count()).toBe(0);
    expect(
      await panel(page)
        .getByText(/Another submission is in flight|Upload is held|may be out of date/)
        .count(),
    ).toBe(0);

    // A later click is still held (uploaded means uploaded), and the panel keeps saying the same one thing.
    await portalButton(page, 'Upload').click();
    await page.waitForTimeout(500);
    expect(await guard.replica.uploads()).toHaveLength(1);
    expect(await headline.getAttribute('data-headline')).toBe('uploaded');
    expect(await headline.textContent()).toContain('not sent again');

    // The same file chosen again while it is in flight is checked, and is still this tab's upload:
    // every headline shown on the way is recorded, and none of them is a hold.
    await recordHeadlines(page);
    await chooseFile(page, 'radiology.csv', file);
    await expect.poll(() => recordedHeadlines(page)).toContain('checking');
    await expect.poll(async () => (await recordedHeadlines(page)).at(-1)).toBe('uploaded');
    await page.waitForTimeout(500);
    expect(new Set(await recordedHeadlines(page))).toEqual(new Set(['checking', 'uploaded']));
    expect(
      await panel(page)
        .getByText(/Another submission is in flight/)
        .count(),
    ).toBe(0);
    await portalButton(page, 'Upload').click();
    await page.waitForTimeout(500);
    expect(await guard.replica.uploads()).toHaveLength(1);
  });

  it('holds Upload for a stale local ID until the admin acknowledges it, and the duplicate proves the warning real', async () => {
    const page = await guard.openUploadPage();
    const victim = people[21]!;
    const file = uploadCsv(people.slice(20, 25), (row, i) => {
      row[COL.JobTitle!] = 'Ward Manager';
      if (i === 1) row[COL.ExternalSyncID!] = 'OLD-000999';
      return row;
    });
    await chooseFile(page, 'stale.csv', file);

    const finding = panel(page).locator('[data-rule="probable-duplicate"][data-line="3"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain(victim.email);
    expect(await numbers(panel(page).locator('[data-testid="summary"]'))).toMatchObject({ rows: '5', updates: '4', newAccounts: '1' });

    await portalButton(page, 'Upload').click();
    const hold = panel(page).locator('[data-testid="hold"]');
    await expect.poll(() => hold.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    await panel(page).getByLabel('I understand that 1 row will create a new account').check();
    expect(await hold.count()).toBe(0);
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);

    expect(await guard.replica.uploads()).toHaveLength(1); // the held click never reached the portal
    const sameName = (await guard.replica.directory()).filter((a) => a.firstName === victim.firstName && a.lastName === victim.lastName);
    expect(sameName.filter((a) => a.createdByUploadId)).toHaveLength(1);
  });

  it('lists a duplicated local ID, a password column and an OU change, each on its line', async () => {
    const page = await guard.openUploadPage();
    const rows = people.slice(30, 36).map(uploadRow);
    rows[3]![COL.ExternalSyncID!] = rows[2]![COL.ExternalSyncID!]!; // lines 4 and 5 share a local ID
    rows[5]![COL.OrganisationalUnit!] = rows[5]![COL.OrganisationalUnit!] === 'Corporate' ? 'Acute Services' : 'Corporate'; // line 7
    const file = Papa.unparse(
      { fields: [...BUNDLED_TEMPLATE.header, 'Password'], data: rows.map((row) => [...row, 'Welcome1!']) },
      { newline: '\r\n' },
    );
    await chooseFile(page, 'risky.csv', file);

    await panel(page).locator('[data-testid="summary"]').waitFor();
    for (const [rule, line] of [
      ['duplicate-local-id', 4],
      ['duplicate-local-id', 5],
      ['password-column', 1],
      ['ou-change', 7],
    ] as const) {
      // Groups after the first few are drawn in the next tasks: wait for each rather than count at once.
      await panel(page).locator(`[data-rule="${rule}"][data-line="${line}"]`).first().waitFor({ timeout: 5_000 });
    }
  });

  it('warns when the portal’s validation does not say the rows will be updated', async () => {
    const page = await guard.openUploadPage('validation=missing');
    await chooseFile(page, 'updates.csv', uploadCsv(people.slice(40, 44)));
    await panel(page).locator('[data-testid="summary"]').waitFor();
    await portalButton(page, 'Validate').click();
    const warning = panel(page).locator('[data-testid="validation-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('did not say that any users already exist and will be updated');
  });

  it('warns when the portal’s count of updates differs from the prediction', async () => {
    const page = await guard.openUploadPage('validation=wrong-count');
    await chooseFile(page, 'updates.csv', uploadCsv(people.slice(40, 44)));
    await panel(page).locator('[data-testid="summary"]').waitFor();
    await portalButton(page, 'Validate').click();
    const warning = panel(page).locator('[data-testid="validation-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('The portal says 3 users already exist and will be updated, but CSV Guard expected 4');
  });

  it('shows no validation warning when the portal agrees', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(page, 'updates.csv', uploadCsv(people.slice(40, 44)));
    await panel(page).locator('[data-testid="summary"]').waitFor();
    await portalButton(page, 'Validate').click();
    await page.getByText('4 users already exist and will be updated').waitFor();
    await panel(page).getByText("Reading the portal's validation results").waitFor({ state: 'detached' });
    expect(await panel(page).locator('[data-testid="validation-warning"]').count()).toBe(0);
  });

  it('attaches the panel again after navigating away and back in the app', async () => {
    const page = await guard.openUploadPage();
    await panel(page).getByText('Choose a file and CSV Guard checks it here').waitFor();
    const toolBar = page.getByRole('navigation', { name: 'Tool bar' });
    await toolBar.getByRole('link', { name: 'User Management' }).click();
    await page.locator('csv-guard').waitFor({ state: 'detached' });
    await toolBar.getByRole('link', { name: 'CSV Upload' }).click();
    await panel(page).getByText('Choose a file and CSV Guard checks it here').waitFor();

    await chooseFile(page, 'after-return.csv', uploadCsv(people.slice(50, 52)));
    expect(await numbers(await waitForSummary(page))).toMatchObject({ rows: '2', updates: '2' });
  });

  it('works with <input type=submit> controls ("Create Users") in a view that renders late', async () => {
    const page = await guard.openUploadPage('variant=inputs&renderDelay=1500');
    await page.locator('input[type=file]').waitFor({ state: 'attached' });
    const file = uploadCsv(people.slice(60, 63), (row, i) => (i === 0 ? (row[COL.ExternalSyncID!] = 'OLD-1') : undefined, row));
    await chooseFile(page, 'late.csv', file);
    await panel(page).locator('[data-rule="probable-duplicate"][data-line="2"]').waitFor();

    await page.locator('input[type=submit][value="Create Users"]').click();
    await panel(page).locator('[data-testid="hold"]').waitFor();
    await acknowledgeEveryKind(page);
    await page.locator('input[type=submit][value="Create Users"]').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    expect(await guard.replica.uploads()).toHaveLength(1);
  });

  it('holds Upload in a second tab while the first tab’s submission is in flight, and says which', async () => {
    const first = await guard.openUploadPage();
    await chooseFile(first, 'monday.csv', uploadCsv(people.slice(90, 93)));
    await waitForSummary(first);
    await portalButton(first, 'Validate').click(); // the first tab takes the slot while preparing
    await expect.poll(async () => (await inFlight(guard)).map((s) => [s.fileName, s.state])).toEqual([['monday.csv', 'preparing']]);

    const second = await guard.openUploadPage();
    await chooseFile(second, 'monday (1).csv', uploadCsv(people.slice(93, 95)));
    await waitForSummary(second);
    const hold = panel(second).locator('[data-testid="hold"]');
    const preparedElsewhere = /monday\.csv.*is being prepared in another tab/;
    // Said before any click, and kept while the click asks the background again (its answer slowed here,
    // as a busy worker's would be: the CI flake was this moment), never swapped for another hold and back.
    await expect.poll(async () => hold.textContent()).toMatch(preparedElsewhere);
    await second.evaluate(() => (document.documentElement.dataset.csvGuardSlotDelay = '1000'));
    await portalButton(second, 'Upload').click();
    expect(await hold.textContent()).toMatch(preparedElsewhere);
    await second.waitForTimeout(1200);
    expect(await hold.textContent()).toMatch(preparedElsewhere);
    expect(await panel(second).getByRole('button', { name: 'Upload from this tab instead' }).count()).toBe(1);

    await portalButton(first, 'Upload').click();
    await first.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    // The second tab hears of it without reloading.
    await expect.poll(async () => hold.textContent()).toMatch(/monday\.csv.*was uploaded in another tab at \d\d:\d\d/);
    await guard.replica.waitForProcessed(1);
    expect((await guard.replica.uploads()).map((u) => u.fileName)).toEqual(['monday.csv']);
  });

  it('downloads a corrected file without the password column', async () => {
    const page = await guard.openUploadPage();
    const rows = people.slice(100, 103).map(uploadRow);
    const file = Papa.unparse(
      { fields: [...BUNDLED_TEMPLATE.header, 'Password'], data: rows.map((row) => [...row, 'Welcome1!']) },
      { newline: '\r\n' },
    );
    await chooseFile(page, 'with-passwords.csv', file);
    await waitForSummary(page);
    const [download] = await Promise.all([page.waitForEvent('download'), panel(page).locator('button[data-export="without-password"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^with-passwords.*\.csv$/);
    const saved = await download.path();
    const text = (await import('node:fs')).readFileSync(saved, 'utf8').replace(/^\uFEFF/, '');
    expect(text.split(/\r?\n/)[0]).toBe(BUNDLED_TEMPLATE.header.join(','));
    expect(text).not.toContain('Welcome1!');
  });

  it('holds Upload when CSV Guard fails inside, and lets one upload through when the admin chooses to upload without its checks', async () => {
    const page = await guard.openUploadPage();
    await page.evaluate(() => (document.documentElement.dataset.csvGuardForceError = 'check'));
    await chooseFile(
      page,
      'anything.csv',
      uploadCsv(people.slice(70, 72), (row, i) => (i === 0 ? (row[COL.ExternalSyncID!] = '') : undefined, row)),
    );
    const error = panel(page).locator('[data-testid="guard-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('CSV Guard could not check this file:');

    await portalButton(page, 'Upload').click();
    await expect.poll(() => panel(page).locator('[data-testid="hold"]').getAttribute('data-reason')).toBe('cannot-decide');
    await page.waitForTimeout(300);
    expect(await guard.replica.uploads()).toHaveLength(0);

    // The portal stays usable: the admin decides, after reading the risk.
    await panel(page).getByRole('button', { name: "Upload without CSV Guard's checks" }).click();
    await panel(page).getByRole('alertdialog').getByRole('button', { name: 'Yes, upload without checks' }).click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    expect(await guard.replica.uploads()).toHaveLength(1);
  });

  it('holds Upload when CSV Guard fails while handling the click itself, and the blocking result stays', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(
      page,
      'stale.csv',
      uploadCsv(people.slice(80, 82), (row, i) => (i === 0 ? (row[COL.ExternalSyncID!] = 'OLD-2') : undefined, row)),
    );
    await waitForSummary(page);
    await page.evaluate(() => (document.documentElement.dataset.csvGuardForceError = 'click'));
    await portalButton(page, 'Upload').click();
    const hold = panel(page).locator('[data-testid="hold"]');
    await expect.poll(() => hold.getAttribute('data-reason')).toBe('unacknowledged');
    await page.waitForTimeout(300);
    expect(await guard.replica.uploads()).toHaveLength(0);
    expect(await panel(page).locator('[data-rule="probable-duplicate"]').count()).toBeGreaterThan(0);
  });
});

type HeadlineLog = { csvGuardHeadlines?: string[] };

/** Records every headline the panel shows from now on (its shadow root is open), however briefly. */
async function recordHeadlines(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.querySelector('csv-guard')!.shadowRoot!;
    const log: string[] = ((window as HeadlineLog).csvGuardHeadlines = []);
    const note = () => {
      const kind = root.querySelector('[data-testid="headline"]')?.getAttribute('data-headline');
      if (kind && log.at(-1) !== kind) log.push(kind);
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true });
  });
}

async function recordedHeadlines(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as HeadlineLog).csvGuardHeadlines ?? []);
}

async function waitForSummary(page: Page): Promise<Locator> {
  const summary = panel(page).locator('[data-testid="summary"]');
  await summary.waitFor();
  return summary;
}

async function numbers(summary: Locator) {
  return summary.evaluate((el) => ({
    rows: el.getAttribute('data-rows'),
    updates: el.getAttribute('data-updates'),
    newAccounts: el.getAttribute('data-new-accounts'),
    blocked: el.getAttribute('data-blocked'),
  }));
}
