import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { generatePeople } from '../support/generate';
import { downloadFrom, importMailboxReport, panel, portalButton, summaryNumbers } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Personal data never leaves the browser: through a whole session (import a report, check a risky file,
// download a corrected file, validate, open the popup) every request goes to the portal's own origin
// (here the replica) or stays inside the extension, and nothing is stored in the portal's origin.
describe('personal data stays in the browser', () => {
  let guard: GuardBrowser;
  const requests: { url: string; from: string }[] = [];
  // Context-level events include the extension's service worker as well as every page.
  const record = (request: Request) => requests.push({ url: request.url(), from: request.serviceWorker() ? 'service worker' : 'page' });

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: 400, processingDelayMs: 60_000 } });
    guard.context.on('request', record);
  });
  afterAll(async () => guard?.close());

  it('can see what the service worker fetches (so the check below can fail)', async () => {
    const sentinel = `${guard.replicaUrl}/__test/directory?sentinel=1`;
    await guard.serviceWorker.evaluate((url) => fetch(url).then((r) => r.status), sentinel);
    await expect.poll(() => requests.find((r) => r.url === sentinel)?.from).toBe('service worker');
  });

  it('sends nothing anywhere but the portal during a whole session', async () => {
    await importMailboxReport(guard);
    const page = await guard.openUploadPage();
    const people = generatePeople(400);
    const risky = [
      'ID,ExternalSyncID,Title,FirstName,LastName,DisplayName,EmailAddress,JobTitle,Department,MobileNumber,TelephoneNumber,OrganisationalUnit,Password',
      ...people
        .slice(0, 5)
        .map((p, i) =>
          [
            p.portalId,
            i === 2 ? 'RXX999999' : p.localId,
            p.title,
            p.firstName,
            p.lastName,
            p.displayName,
            p.email,
            p.jobTitle,
            p.department,
            p.mobile,
            p.telephone,
            p.ou,
            'Secret1!',
          ]
            .map((v) => `"${v}"`)
            .join(','),
        ),
    ].join('\r\n');
    await chooseFile(page, 'risky.csv', risky);
    expect((await summaryNumbers(page)).newAccounts).toBe(1);
    const corrected = await downloadFrom(page, panel(page).locator('button[data-export="without-password"]'));
    expect(corrected.split(/\r?\n/)[0]).not.toContain('Password');
    await portalButton(page, 'Validate').click();
    const popup = await guard.openExtensionPage('popup.html');
    await popup.getByRole('heading', { level: 1 }).waitFor();

    const allowed = (url: string) =>
      url.startsWith(`${guard.replicaUrl}/`) || url.startsWith(`chrome-extension://${guard.extensionId}/`) || /^(data|blob):/.test(url);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !allowed(r.url))).toEqual([]);

    // The content script keeps nothing in the portal's origin: no storage, databases or cookies there.
    const portalStorage = await page.evaluate(async () => ({
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      databases: (await indexedDB.databases()).map((d) => d.name),
      cookie: document.cookie,
    }));
    expect(portalStorage).toEqual({ localStorage: 0, sessionStorage: 0, databases: [], cookie: '' });
  });
});
