import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { expectFocus, focusByTab, focusedText, nextFileChooser, seriousViolations } from './accessibility-checks';
import { acknowledgeEveryKind, finishOpenSubmissions, importMailboxReport, panel, portalButton } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// axe-core on the popup in each state and on the options page: any serious or critical violation
// fails. Then the results flow from the toolbar popup with the keyboard only.
const PEOPLE = 120;
const SEED = 31;
const people = generatePeople(PEOPLE, SEED);
/** The toolbar popup is 460 px wide: tables must wrap (or scroll) cleanly there. */
const POPUP_VIEWPORT = { width: 460, height: 600 };

async function openPopup(guard: GuardBrowser, path = 'popup.html'): Promise<Page> {
  const page = await guard.openExtensionPage(path);
  await page.setViewportSize(POPUP_VIEWPORT);
  await page.getByRole('heading', { level: 1, name: 'CSV Guard' }).waitFor();
  return page;
}

/** Upload a file with a duplicate-making row and two failing rows; returns the results email's CSV. */
async function uploadRisky(guard: GuardBrowser, fileName: string, offset: number): Promise<string> {
  await finishOpenSubmissions(guard);
  const rows = people.slice(offset, offset + 6);
  const file = uploadCsv(rows, (row, i) => {
    if (i === 1) row[COL.ExternalSyncID!] = '';
    if (i === 2 || i === 4) row[COL.MobileNumber!] = '12345';
    return row;
  });
  const page = await guard.openUploadPage();
  await chooseFile(page, fileName, file);
  await panel(page).locator('[data-testid="summary"]').waitFor();
  await acknowledgeEveryKind(page);
  const before = (await guard.replica.uploads()).length;
  await portalButton(page, 'Upload').click();
  await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
  await guard.replica.waitForProcessed(before + 1);
  const email = (await guard.replica.mailbox()).at(-1)!;
  await page.close();
  return guard.replica.resultsCsv(email.uploadId);
}

describe('accessibility of the popup and the options page', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: PEOPLE, seed: SEED, processingDelayMs: 300 } });
  });
  afterAll(async () => {
    await guard?.close();
  });

  it('has no serious or critical axe violations in any state', async () => {
    // No report cached, no uploads.
    let popup = await openPopup(guard);
    await popup.getByTestId('slot-free').waitFor();
    expect(await seriousViolations(popup), 'popup, first run').toEqual([]);
    await popup.close();

    const options = await guard.openExtensionPage('options.html');
    await options.getByRole('heading', { name: 'Cached reports' }).waitFor();
    expect(await seriousViolations(options), 'options page, empty').toEqual([]);
    await options.close();

    await importMailboxReport(guard);
    const optionsWithReport = await guard.openExtensionPage('options.html');
    await optionsWithReport.getByRole('heading', { name: 'Replica Trust' }).waitFor();
    await optionsWithReport.getByRole('button', { name: 'Delete cached data…' }).click();
    await optionsWithReport.getByRole('dialog').waitFor();
    expect(await seriousViolations(optionsWithReport), 'options page, report cached, delete confirmation open').toEqual([]);
    await optionsWithReport.close();

    // An upload in flight, with its confirmation open.
    const resultsCsv = await uploadRisky(guard, 'axe.csv', 10);
    popup = await openPopup(guard);
    await popup.getByTestId('submission').waitFor();
    expect(await seriousViolations(popup), 'popup, upload in flight').toEqual([]);
    await popup.getByRole('button', { name: 'Mark as finished' }).click();
    expect(await seriousViolations(popup), 'popup, confirmation open').toEqual([]);
    await popup.close();

    // The reconcile view with failed rows and a duplicate, at the popup's width and in a tab.
    const tab = await openPopup(guard, 'popup.html?view=tab&start=results');
    await tab
      .locator('input[data-testid="results-input"]')
      .setInputFiles({ name: 'axe results.csv', mimeType: 'text/csv', buffer: Buffer.from(resultsCsv, 'utf8') });
    await tab.getByTestId('outcome-counts').waitFor();
    await tab.getByTestId('duplicate-row').first().waitFor();
    expect(await seriousViolations(tab), 'reconcile view, results read').toEqual([]);
    // IDs never break inside at 460 px: each local ID cell is one line.
    const idHeights = await tab.locator('td.id').evaluateAll((cells) => cells.map((c) => (c as HTMLElement).getClientRects().length));
    expect(idHeights.every((n) => n === 1)).toBe(true);
    // Scrollable tables are named regions.
    const regions = await tab
      .locator('.table-scroll')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('role'), el.getAttribute('aria-labelledby')]));
    expect(regions.length).toBeGreaterThan(0);
    for (const [role, name] of regions) expect([role, Boolean(name)]).toEqual(['region', true]);
    await tab.setViewportSize({ width: 1280, height: 900 });
    expect(await seriousViolations(tab), 'reconcile view in a wide tab').toEqual([]);
    await tab.close();

    // History with duplicates kept.
    popup = await openPopup(guard);
    await popup.getByTestId('history-duplicates').waitFor();
    expect(await seriousViolations(popup), 'popup, history with duplicates').toEqual([]);
    await popup.close();
  });

  it('reconciles the results from the toolbar popup with the keyboard alone', async () => {
    const resultsCsv = await uploadRisky(guard, 'keyboard.csv', 40);
    const toolbar = await openPopup(guard);
    await toolbar.getByTestId('submission').waitFor();

    // Mark as finished: Enter asks, focus is on Cancel, Escape backs out to the first button.
    await focusByTab(toolbar, 'Mark as finished');
    // Focus moves in an effect after the render, so poll for it.
    await toolbar.keyboard.press('Enter');
    await expect.poll(() => focusedText(toolbar)).toBe('Cancel');
    await toolbar.keyboard.press('Escape');
    await expect.poll(() => focusedText(toolbar)).toBe('Mark as finished');

    // "Choose the results file…" opens the reconcile view in a tab, focused on the file chooser.
    await focusByTab(toolbar, 'Choose the results file…');
    // The popup closes itself once the tab is open, so the key press may not see its own end.
    const [tab] = await Promise.all([guard.context.waitForEvent('page'), toolbar.keyboard.press('Enter').catch(() => undefined)]);
    const chooserOpened = nextFileChooser(tab);
    await tab.waitForLoadState();
    await tab.locator('input[data-testid="results-input"]').waitFor({ state: 'attached' });
    await expectFocus(tab, 'input[data-testid="results-input"]');
    // Space on the focused chooser opens it: once.
    await tab.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles({ name: 'keyboard results.csv', mimeType: 'text/csv', buffer: Buffer.from(resultsCsv, 'utf8') });

    // Focus lands on the report, then Tab reaches the retry download, and Enter saves it.
    await tab.getByTestId('outcome-counts').waitFor();
    await expectFocus(tab, '[data-testid="reconcile-report"] h3');
    await focusByTab(tab, /^Download retry file/);
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('keyboard results - retry.csv');
    await expect.poll(() => focusedText(tab)).toMatch(/^Download retry file/);
    expect(await tab.getByTestId('notice').textContent()).toContain('Saved “keyboard results - retry.csv”');
  });
});
