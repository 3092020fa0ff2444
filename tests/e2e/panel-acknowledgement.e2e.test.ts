import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { finishOpenSubmissions, importMailboxReport, panel, portalButton, summaryNumbers } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Issue 16, "an acknowledgement per kind of risk": one tick for the new accounts must not wave through
// a row that would overwrite another person's account. That row is acknowledged on its own, or the file
// goes without it ("Upload without this row"), and only then does the portal receive anything.
const PEOPLE = 300;
const SEED = 7;
const people = generatePeople(PEOPLE, SEED);
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

const active = people.filter((p) => p.status === 'Active');
const owner = active[90]!;

/**
 * Six people from the directory (from `from`: each test its own, since the history remembers what was
 * uploaded): line 3 carries the local ID of someone not in the file, lines 5 and 6 have none.
 */
function riskyFile(from: number) {
  const rows = active.slice(from, from + 6);
  const csv = uploadCsv(rows, (row, i) => {
    row[COL.JobTitle!] = 'Ward Manager';
    if (i === 1) row[COL.ExternalSyncID!] = owner.localId;
    if (i === 3 || i === 4) row[COL.ExternalSyncID!] = '';
    return row;
  });
  return { rows, csv };
}

/** The checkbox a user ticks for the new accounts (its wording names the count and the consequence). */
function newAccountsBox(page: Page) {
  return panel(page).getByLabel(/I understand that 2 rows will create new accounts/);
}

describe('acknowledging each kind of risk on the Upload Users page', () => {
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

  it('does not let the new-accounts tick wave through a row that would overwrite another person; that row is acknowledged on its own', async () => {
    const page = await guard.openUploadPage();
    await chooseFile(page, 'ward-managers.csv', riskyFile(60).csv);
    expect(await summaryNumbers(page)).toMatchObject({ rows: 6, newAccounts: 2 });

    await newAccountsBox(page).check();
    const overwrite = panel(page).locator('[data-rule="identity-mismatch"][data-line="3"]');
    await expect.poll(() => overwrite.locator('.severity-label').textContent()).toBe('Blocks upload');
    await expect.poll(() => panel(page).locator('[data-rule="missing-local-id"][data-line="5"] .severity-label').textContent()).toBe('Acknowledged');

    await portalButton(page, 'Upload').click();
    const hold = panel(page).locator('[data-testid="hold"]');
    await expect.poll(() => hold.getAttribute('data-reason')).toBe('unacknowledged');
    expect(await hold.textContent()).toContain("overwrite another person's account");
    expect(await guard.replica.uploads()).toEqual([]);

    // No single tick for the overwrite: only the row itself.
    expect(
      await panel(page)
        .getByLabel(/I understand that 1 row will overwrite/)
        .count(),
    ).toBe(0);
    await panel(page).getByLabel(`I understand that line 3 will overwrite ${owner.displayName} (${owner.email})`).check();
    await expect.poll(() => overwrite.locator('.severity-label').textContent()).toBe('Acknowledged');
    await hold.waitFor({ state: 'detached' });

    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    const uploads = await guard.replica.uploads();
    expect(uploads.map((u) => [u.fileName, u.rowCount])).toEqual([['ward-managers.csv', 6]]);
  });

  it('"Upload without this row" puts the file without it into the Browse input, and the portal receives exactly that', async () => {
    const page = await guard.openUploadPage();
    const { rows, csv } = riskyFile(70);
    await chooseFile(page, 'ward-managers.csv', csv);
    await summaryNumbers(page);
    await newAccountsBox(page).check();
    await portalButton(page, 'Upload').click();
    await expect.poll(() => panel(page).locator('[data-testid="hold"]').getAttribute('data-reason')).toBe('unacknowledged');
    expect(await guard.replica.uploads()).toEqual([]);

    await panel(page).getByRole('button', { name: 'Upload without this row' }).click();
    // The new file is checked like any chosen file: its own risks, acknowledged afresh.
    await expect.poll(() => summaryNumbers(page), { timeout: 60_000 }).toMatchObject({ rows: 5, newAccounts: 2 });
    const chosen = await page.locator('main input[type=file]').evaluate((input: HTMLInputElement) => input.files?.[0]?.name);
    expect(chosen).toBe('ward-managers (without rows that overwrite other accounts).csv');
    expect(await panel(page).locator('[data-risk-kind="overwrite"]').count()).toBe(0);
    await newAccountsBox(page).check();

    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    const [upload, ...others] = await guard.replica.uploads();
    expect(others).toEqual([]);
    expect(upload!.rowCount).toBe(5);
    // The results email is the uploaded file plus one column: every row but the overwriting one.
    await guard.replica.waitForProcessed(1);
    const received = await guard.replica.resultsCsv(upload!.uploadId);
    expect(rows.map((person) => received.includes(person.email))).toEqual([true, false, true, true, true, true]);
  });
});
