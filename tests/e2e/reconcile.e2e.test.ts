import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { acknowledgeEveryKind, downloadFrom, finishOpenSubmissions, importMailboxReport, panel, portalButton } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// The whole cycle on the replica: upload a file with two bad rows, fetch the results email's CSV,
// choose it from the toolbar popup (which opens the reconcile view in a tab, since a file chooser
// would close the popup), download the retry file, and find the slot free. Then a risky upload whose
// duplicates are named, each with the existing account, and kept in history.
const PEOPLE = 150;
const SEED = 21;
const people = generatePeople(PEOPLE, SEED);
// A result column name CSV Guard has never been told about.
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 500, resultColumnName: 'Processing outcome (portal)' };

describe('reconciling the results email in the popup', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: replicaSettings });
    await importMailboxReport(guard);
  });
  afterAll(async () => {
    await guard?.close();
  });

  it('finds the two failed rows, offers a retry file of exactly those rows, and frees the slot', async () => {
    const rows = people.slice(5, 11);
    const bad = new Set([1, 4]); // lines 3 and 6
    const file = uploadCsv(rows, (row, i) => {
      row[COL.JobTitle!] = 'Senior Staff Nurse';
      if (bad.has(i)) row[COL.MobileNumber!] = i === 1 ? '12345' : '+1 202 555 0100';
      return row;
    });

    const page = await guard.openUploadPage();
    await chooseFile(page, 'nurses.csv', file);
    const summary = panel(page).locator('[data-testid="summary"]');
    await summary.waitFor();
    // CSV Guard flags the two bad mobiles on their lines; the admin uploads anyway, as someone might.
    expect(await panel(page).locator('[data-rule="invalid-field"][data-line="3"]').count()).toBe(1);
    expect(await panel(page).locator('[data-rule="invalid-field"][data-line="6"]').count()).toBe(1);
    await acknowledgeEveryKind(page);
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);
    const [email] = await guard.replica.mailbox();
    const resultsCsv = await guard.replica.resultsCsv(email!.uploadId);

    const toolbar = await guard.openExtensionPage('popup.html');
    const card = toolbar.locator('[data-testid="submission"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('nurses.csv');
    // The toolbar popup has no file chooser: it opens the reconcile view in a tab.
    expect(await toolbar.locator('input[type=file]').count()).toBe(0);
    const popup = await resultsTabFrom(guard, toolbar);

    await popup.locator('input[type=file][data-testid="results-input"]').setInputFiles({
      name: 'nurses - results.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(resultsCsv, 'utf8'),
    });
    const counts = popup.locator('[data-testid="outcome-counts"]');
    await counts.waitFor();
    expect(await counts.getAttribute('data-failure')).toBe('2');
    expect(await counts.getAttribute('data-success')).toBe('4');
    const failed = popup.locator('[data-testid="failed-row"]');
    expect(await failed.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-line')))).toEqual(['3', '6']);
    expect(await failed.first().textContent()).toContain('Failed - ');
    expect(await popup.locator('[data-testid="match"]').textContent()).toContain('nurses.csv');

    const retry = await downloadFrom(popup, popup.locator('button[data-export="retry"]'));
    const [header, ...retryRows] = Papa.parse<string[]>(retry.replace(/^\uFEFF/, '').trim(), { newline: '\r\n' }).data;
    expect(header).toEqual(file.split('\r\n')[0]!.split(','));
    expect(retryRows.map((r) => r[COL.ExternalSyncID!])).toEqual([rows[1]!.localId, rows[4]!.localId]);
    expect(retryRows.map((r) => r[COL.MobileNumber!])).toEqual(['12345', '+1 202 555 0100']);

    expect(await guard.sendToBackground('slot-status')).toEqual({ state: 'free' });
    await popup.getByRole('heading', { name: 'No upload in progress' }).waitFor();
    await popup.locator('[data-testid="history-item"][data-state="results-received"]').waitFor();
  });

  it('names each duplicate account a risky upload created with the account it duplicates, and keeps them in history', async () => {
    await finishOpenSubmissions(guard);
    const rows = people.slice(40, 46);
    const file = uploadCsv(rows, (row, i) => {
      if (i === 1) row[COL.ExternalSyncID!] = ''; // someone who has an account, without their local ID
      if (i === 3) row[COL.ExternalSyncID!] = `${rows[3]!.localId}9`; // a stale local ID
      return row;
    });
    const page = await guard.openUploadPage();
    await chooseFile(page, 'risky.csv', file);
    await panel(page).locator('[data-testid="summary"]').waitFor();
    await panel(page).locator('[data-rule="probable-duplicate"][data-line="3"]').waitFor();
    await acknowledgeEveryKind(page);
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    const before = (await guard.replica.mailbox()).length;
    await guard.replica.waitForProcessed(2);
    const emails = await guard.replica.mailbox();
    expect(emails.length).toBe(before + 1);
    const resultsCsv = await guard.replica.resultsCsv(emails.at(-1)!.uploadId);

    const toolbar = await guard.openExtensionPage('popup.html');
    const tab = await resultsTabFrom(guard, toolbar);
    await tab
      .locator('input[type=file][data-testid="results-input"]')
      .setInputFiles({ name: 'risky - results.csv', mimeType: 'text/csv', buffer: Buffer.from(resultsCsv, 'utf8') });
    const counts = tab.locator('[data-testid="outcome-counts"]');
    await counts.waitFor();
    expect(await counts.getAttribute('data-duplicates')).toBe('2');
    expect(await counts.getAttribute('data-success')).toBe('4');
    const duplicates = tab.locator('[data-testid="duplicate-row"]');
    expect(await duplicates.evaluateAll((items) => items.map((li) => [li.getAttribute('data-line'), li.getAttribute('data-existing')]))).toEqual([
      ['3', rows[1]!.email],
      ['5', rows[3]!.email],
    ]);
    expect(await duplicates.first().locator('[data-testid="next-step"]').textContent()).toContain(`Keep ${rows[1]!.email}`);

    // After the popup closes, history still names them.
    await tab.close();
    const later = await guard.openExtensionPage('popup.html');
    const kept = later.locator('[data-testid="history-item"]').first().locator('[data-testid="history-duplicate"]');
    await kept.first().waitFor();
    expect(await kept.evaluateAll((items) => items.map((li) => li.getAttribute('data-existing')))).toEqual([rows[1]!.email, rows[3]!.email]);
    const history = await downloadFrom(later, later.getByRole('button', { name: 'Export history (CSV)' }));
    expect(history).toContain(`→ ${rows[1]!.email}`);
  });
});

/** "Choose the results file…" in the toolbar popup opens the reconcile view in a tab; returns that tab. */
async function resultsTabFrom(guard: GuardBrowser, toolbar: Page): Promise<Page> {
  const [tab] = await Promise.all([guard.context.waitForEvent('page'), toolbar.getByRole('button', { name: 'Choose the results file…' }).click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toContain('popup.html?view=tab&start=results');
  await tab.locator('input[type=file][data-testid="results-input"]').waitFor({ state: 'attached' });
  return tab;
}
