import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RISKY_ROWS, riskyUpdateCsv } from '../portal-replica/demo-files';
import { generatePeople } from '../support/generate';
import { finishOpenSubmissions, importMailboxReport, panel, portalButton, summaryNumbers } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Issue 13: a risky file fixed in one step. The corrected file goes into the portal's own Browse input,
// CSV Guard checks it like any chosen file, the portal validates every row as an update, and the upload
// creates no duplicate account.
const PEOPLE = 300;
const SEED = 7;
const people = generatePeople(PEOPLE, SEED);
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

describe('"Use corrected file" on the Upload Users page', () => {
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

  it('shows the change list, puts the corrected file into the Browse input, and the upload updates every row with no duplicate', async () => {
    const page = await guard.openUploadPage();
    const risky = riskyUpdateCsv(people);
    await chooseFile(page, 'risky-update.csv', risky);
    expect(await summaryNumbers(page)).toMatchObject({ rows: 30, newAccounts: 2 });

    // The change list comes first: every change by line and column, with the rows left for the admin.
    await panel(page).getByRole('button', { name: 'Show the corrected file and its changes' }).click();
    const changes = panel(page).locator('[data-testid="change-list"] tbody tr');
    await changes.first().waitFor({ timeout: 60_000 });
    const line = (row: number) => String(row + 2);
    expect(await changes.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)))).toEqual([
      ['1', 'Password'],
      [line(RISKY_ROWS.staleLocalId), 'ExternalSyncID'],
      [line(RISKY_ROWS.blankLocalId), 'ExternalSyncID'],
      [line(RISKY_ROWS.ouChange), 'OrganisationalUnit'],
    ]);
    expect(await panel(page).locator('[data-testid="recheck"]').textContent()).toMatch(
      /no blocking problems\. 27 rows will update existing accounts, 0 new accounts/,
    );
    expect(await panel(page).locator('[data-testid="correction-summary"]').textContent()).toMatch(/3 rows need your attention/);
    const byLine = panel(page).locator('[data-testid="by-line"] .line-head');
    expect(await byLine.first().textContent()).toBe(`Line ${line(RISKY_ROWS.staleLocalId)}: 2 problems, 1 fix — in the corrected file`);

    await panel(page).getByRole('button', { name: 'Use corrected file' }).click();

    // The portal's own input now holds the corrected file, not the original.
    const chosen = await page.locator('main input[type=file]').evaluate(async (input: HTMLInputElement) => {
      const file = input.files?.[0];
      return file ? { name: file.name, text: await file.text() } : undefined;
    });
    expect(chosen?.name).toBe('risky-update (corrected).csv');
    expect(chosen?.text).not.toContain('Password');
    expect(chosen?.text.split('\r\n').filter(Boolean)).toHaveLength(28);

    // CSV Guard checked it like any chosen file: 27 updates, nothing blocks.
    await expect.poll(() => summaryNumbers(page), { timeout: 60_000 }).toEqual({ rows: 27, updates: 27, newAccounts: 0, blocked: 0 });
    expect(await panel(page).locator('[data-testid="correction-used"]').textContent()).toMatch(
      /is now in the portal's Browse box \(your original file is unchanged\)/,
    );

    await portalButton(page, 'Validate').click();
    await page
      .getByRole('region', { name: 'Validation results' })
      .getByText('27 users already exist and will be updated')
      .waitFor({ timeout: 30_000 });
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor({ timeout: 30_000 });
    await guard.replica.waitForProcessed(1);

    const [upload] = await guard.replica.uploads();
    expect(upload?.fileName).toBe('risky-update (corrected).csv');
    const directory = await guard.replica.directory();
    expect(directory.filter((a) => a.createdByUploadId)).toEqual([]);
    expect(directory).toHaveLength(PEOPLE);
  });
});
