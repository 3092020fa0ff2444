import Papa from 'papaparse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { chooseFile, launchReplicaBrowser, type Account, type ReplicaBrowser } from './harness';

// What the portal does on its own, without CSV Guard: the harm the extension exists to prevent.
// These run in Chromium WITHOUT the extension, so nothing can hold or change a click.
const PEOPLE = 300;
const SEED = 7;
const people = generatePeople(PEOPLE, SEED);
const uploadSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 300 };

function sameName(accounts: Account[], firstName: string, lastName: string): Account[] {
  return accounts.filter((a) => a.firstName === firstName && a.lastName === lastName);
}

describe('the portal replica, with no extension in the way', () => {
  let browser: ReplicaBrowser;

  beforeAll(async () => {
    browser = await launchReplicaBrowser({ replica: uploadSettings });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    await browser.replica.reset(uploadSettings);
  });

  it('creates a duplicate account when an upload row carries a stale local ID for an existing person', async () => {
    const updates = people.slice(10, 15);
    const victim = updates[2]!;
    const staleLocalId = 'OLD-000999';
    const file = uploadCsv(updates, (row, i) => {
      row[COL.JobTitle!] = 'Ward Manager';
      if (i === 2) row[COL.ExternalSyncID!] = staleLocalId;
      return row;
    });
    const before = sameName(await browser.replica.directory(), victim.firstName, victim.lastName);

    const page = await browser.openUploadPage();
    await chooseFile(page, 'ward-managers.csv', file);
    await page.getByRole('button', { name: 'Validate' }).click();
    // The portal's only hint: one fewer user "will be updated" than the file has rows.
    const results = page.getByRole('region', { name: 'Validation results' });
    await results.getByText('4 users already exist and will be updated').waitFor();
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await browser.replica.waitForProcessed(1);

    const after = sameName(await browser.replica.directory(), victim.firstName, victim.lastName);
    expect(after).toHaveLength(before.length + 1);
    const original = after.find((a) => a.portalId === victim.portalId)!;
    const duplicate = after.find((a) => a.createdByUploadId)!;
    expect(original.localId).toBe(victim.localId);
    expect(original.jobTitle).toBe(victim.jobTitle); // the intended update never reached the real account
    expect(duplicate).toMatchObject({
      localId: staleLocalId,
      email: expect.not.stringMatching(victim.email),
      jobTitle: 'Ward Manager',
      status: 'Pending',
    });
    expect(duplicate.portalId).not.toBe(victim.portalId);

    // The results email: the uploaded CSV plus one column, calling the duplicate a success.
    const [email] = await browser.replica.mailbox();
    const resultRows = Papa.parse<string[]>((await browser.replica.resultsCsv(email!.uploadId)).trim()).data;
    expect(resultRows[0]).toEqual([...Papa.parse<string[]>(file).data[0]!, 'Upload Result']);
    expect(resultRows.slice(1).map((row) => row.at(-1))).toEqual(['Updated', 'Updated', 'Created', 'Updated', 'Updated']);
  });

  it('applies two uploads sent at once, so a new person in both gets two accounts', async () => {
    const newcomer = { ...people[40]!, localId: '', email: 'new.starter@nhs.net', firstName: 'New', lastName: 'Starter', displayName: 'New Starter' };
    const file = uploadCsv([newcomer]);
    for (const name of ['monday.csv', 'monday (1).csv']) {
      const response = await fetch(`${browser.replicaUrl}/api/users/upload`, {
        method: 'POST',
        headers: { 'x-file-name': encodeURIComponent(name) },
        body: file,
      });
      expect(response.ok).toBe(true);
    }
    await browser.replica.waitForProcessed(2);
    const starters = sameName(await browser.replica.directory(), 'New', 'Starter');
    expect(starters.map((a) => a.email).sort()).toEqual(['new.starter2@nhs.net', 'new.starter@nhs.net']);
    expect(new Set(starters.map((a) => a.createdByUploadId)).size).toBe(2);
  });

  it('rejects a row with a non-UK mobile and leaves the account unchanged', async () => {
    const person = people[3]!;
    const page = await browser.openUploadPage();
    await chooseFile(
      page,
      'mobile.csv',
      uploadCsv([person], (row) => ((row[COL.MobileNumber!] = '+33 6 12 34 56 78'), (row[COL.JobTitle!] = 'Matron'), row)),
    );
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Line 2: Mobile number is not a valid UK mobile number' }).waitFor();
    await page.getByRole('button', { name: 'Upload' }).click();
    await browser.replica.waitForProcessed(1);
    const account = (await browser.replica.directory()).find((a) => a.portalId === person.portalId)!;
    expect(account.jobTitle).toBe(person.jobTitle);
    const [email] = await browser.replica.mailbox();
    expect(await browser.replica.resultsCsv(email!.uploadId)).toContain('Failed - Mobile number is not a valid UK mobile number');
  });
});

describe('the replica page variants the content script must cope with', () => {
  let browser: ReplicaBrowser;
  const file = uploadCsv(people.slice(0, 3));

  beforeAll(async () => {
    browser = await launchReplicaBrowser({ replica: { ...uploadSettings, processingDelayMs: 60_000 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('older wording: submit inputs "Validate" and "Create Users" in a form that never navigates', async () => {
    const page = await browser.openUploadPage('variant=inputs');
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await chooseFile(page, 'three.csv', file);
    await page.locator('form input[type=submit][value="Validate"]').click();
    await page.getByText('3 users already exist and will be updated').waitFor();
    await page.locator('form input[type=submit][value="Create Users"]').click();
    await page.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    expect(loads).toEqual([]);
    expect(page.url()).toBe(`${browser.replicaUrl}/Admin?variant=inputs#/csv-upload`);
  });

  it('validation=missing never says "will be updated"; wrong-count says one fewer', async () => {
    const missing = await browser.openUploadPage('validation=missing');
    await chooseFile(missing, 'three.csv', file);
    await missing.getByRole('button', { name: 'Validate' }).click();
    await missing.getByText('Validation complete. No errors found.').waitFor();
    expect(await missing.getByText('will be updated').count()).toBe(0);

    const wrong = await browser.openUploadPage('validation=wrong-count');
    await chooseFile(wrong, 'three.csv', file);
    await wrong.getByRole('button', { name: 'Validate' }).click();
    await wrong.getByText('2 users already exist and will be updated').waitFor();
  });

  it('renderDelay shows the form late; leaving and coming back re-creates it', async () => {
    const page = await browser.openUploadPage('renderDelay=800');
    expect(await page.locator('input[type=file]').count()).toBe(0);
    const firstInput = await page.locator('input[type=file]').elementHandle({ timeout: 5_000 });
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Admin Reports' }).waitFor();
    expect(await firstInput!.evaluate((node) => node.isConnected)).toBe(false);
    await page.getByRole('link', { name: 'CSV Upload' }).click();
    await page.locator('input[type=file]').waitFor();
    expect(await page.locator('input[type=file]').evaluate((node, old) => node !== old, firstInput)).toBe(true);
    expect(page.url()).toContain('renderDelay=800');
  });

  it('serves the sample file and the Mailbox Report from its links', async () => {
    const page = await browser.openUploadPage();
    const sample = await page.getByRole('link', { name: 'Sample File (new format)' }).getAttribute('href');
    const sampleText = await (await fetch(`${browser.replicaUrl}${sample}`)).text();
    expect(sampleText.trim()).toBe(
      'ID,ExternalSyncID,Title,FirstName,LastName,DisplayName,EmailAddress,JobTitle,Department,MobileNumber,TelephoneNumber,OrganisationalUnit',
    );
    await page.getByRole('link', { name: 'Reports' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Mailbox Report' }).click()]);
    expect(download.suggestedFilename()).toBe('Mailbox Report.csv');
  });
});
