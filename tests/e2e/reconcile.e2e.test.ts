import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { downloadFrom, importMailboxReport, panel, portalButton } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// The whole cycle on the replica: upload a file with two bad rows, fetch the results email's CSV,
// reconcile it in the extension's popup page, download the retry file, and find the slot free.
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
    await panel(page).locator('input[data-testid="acknowledge"]').check();
    await portalButton(page, 'Upload').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);
    const [email] = await guard.replica.mailbox();
    const resultsCsv = await guard.replica.resultsCsv(email!.uploadId);

    const popup = await guard.openExtensionPage('popup.html');
    const card = popup.locator('[data-testid="submission"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('nurses.csv');

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
});
