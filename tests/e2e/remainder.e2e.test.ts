import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import { COL, generatePeople, uploadCsv, type Person } from '../support/generate';
import { acknowledgeEveryKind, downloadFrom, importMailboxReport, panel, portalButton, summaryOf } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// Issue 17: after the portal fails part-way, the remainder holds exactly the rows not yet applied, and
// is refused until a Mailbox Report taken after the upload shows which accounts were created.
const PEOPLE = 120;
const SEED = 17;
const people = generatePeople(PEOPLE, SEED).map((p) => ({ ...p, status: 'Active' }));
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 1500 };

const [U1, U2, U3] = [people[0]!, people[1]!, people[2]!];
const NEW_STARTER: Person = {
  ...people[3]!,
  portalId: '',
  localId: '',
  firstName: 'Nia',
  lastName: 'Newstart',
  displayName: 'Nia Newstart',
  email: 'nia.newstart@nhs.net',
  mobile: '07700 955555',
};
// New job titles only (other descriptive cells blank), so a later report can show each update applied.
const FILE = uploadCsv([U1, NEW_STARTER, U2, U3], (row) =>
  Object.assign([...row], { [COL.Title!]: '', [COL.Department!]: '', [COL.TelephoneNumber!]: '', [COL.JobTitle!]: 'Ward Manager' }),
);

describe('the remainder after a failure part-way (CSV Guard in Chromium against the replica)', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: replicaSettings });
    await guard.replica.reset(replicaSettings);
    await importMailboxReport(guard);
  });
  afterAll(async () => {
    await guard?.close();
  });

  it('refuses the remainder until a fresh report is imported, then holds exactly the rows not yet applied, and uploading it creates no duplicate', async () => {
    // The portal will stop after the first two rows: U1 updated, the new starter created; U2 and U3 not applied.
    await fetch(`${guard.replicaUrl}/__test/fail-part-way`, { method: 'POST', body: JSON.stringify({ afterRows: 2 }) });
    const first = await guard.openUploadPage();
    await chooseFile(first, 'ward.csv', FILE);
    await summaryOf(first).waitFor();
    await acknowledgeEveryKind(first); // the new starter has no local ID
    await portalButton(first, 'Upload').click();
    await first.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await expect
      .poll(
        async () =>
          ((await fetch(`${guard.replicaUrl}/__test/uploads`).then((r) => r.json())) as { uploads: { failedAt?: string }[] }).uploads[0]?.failedAt,
        { timeout: 15_000 },
      )
      .toBeTruthy();
    expect((await guard.replica.directory()).filter((a) => a.email.startsWith('nia.newstart'))).toHaveLength(1);

    // No results email will come: the admin marks the upload as finished.
    const { submissions } = await guard.sendToBackground<{ submissions: HistoryEntry[] }>('history-list');
    const uploaded = submissions.find((s) => s.fileName === 'ward.csv')!;
    await expect
      .poll(
        async () =>
          (await guard.sendToBackground<{ submissions: HistoryEntry[] }>('history-list')).submissions.find((s) => s.id === uploaded.id)?.state,
      )
      .toBe('processing');
    await guard.sendToBackground('submission-finish', { submissionId: uploaded.id });
    await first.close();

    // The same file again: a resubmission, and no remainder until a newer report shows what was created.
    const again = await guard.openUploadPage();
    await chooseFile(again, 'ward.csv', FILE);
    await panel(again).locator('[data-rule="resubmission"]').first().waitFor();
    const refused = panel(again).locator('[data-testid="remainder-refused"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Import a Mailbox Report downloaded after .* to see which accounts were created/);
    expect(await refused.textContent()).toMatch(/The cached Mailbox Report "Mailbox Report.csv" was imported \d+ minutes? ago/);
    expect(await panel(again).locator('button[data-export="remainder"]').count()).toBe(0);
    await again.close();

    // Import the portal's current Mailbox Report, then choose the file again.
    await importMailboxReport(guard);
    const later = await guard.openUploadPage();
    await chooseFile(later, 'ward.csv', FILE);
    await panel(later).locator('[data-rule="resubmission"]').first().waitFor();
    expect(await panel(later).locator('[data-testid="remainder-refused"]').count()).toBe(0);
    const remainder = await downloadFrom(later, panel(later).locator('button[data-export="remainder"]'));
    const rows = Papa.parse<string[]>(remainder.replace(/^\uFEFF/, '').trim(), { newline: '\r\n' }).data;
    expect(rows.slice(1).map((r) => r[COL.ExternalSyncID!])).toEqual([U2.localId, U3.localId]);

    // Upload the remainder: nothing blocks it, and the portal ends with one account per person.
    await chooseFile(later, 'ward (remainder).csv', remainder);
    await summaryOf(later).waitFor();
    expect(await panel(later).locator('[data-rule="resubmission"]').count()).toBe(0);
    await portalButton(later, 'Upload').click();
    await later.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);
    const accounts = await guard.replica.directory();
    expect(accounts).toHaveLength(PEOPLE + 1);
    expect(accounts.filter((a) => a.firstName === 'Nia' && a.lastName === 'Newstart')).toHaveLength(1);
    for (const p of [U1, U2, U3]) expect(accounts.find((a) => a.localId === p.localId)?.jobTitle).toBe('Ward Manager');
  });
});
