import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../lib/store/db';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import type { SlotStatus, Submission } from '../../lib/submissions/types';
import { COL, generatePeople, uploadCsv } from '../support/generate';
import { stopServiceWorker } from '../support/stop-worker';
import { acknowledgeEveryKind, downloadFrom, finishOpenSubmissions, importMailboxReport, panel, portalButton, summaryOf } from './admin-actions';
import { chooseFile, launchGuardBrowser, type GuardBrowser } from './harness';

// One upload at a time across tabs, held through a stopped service worker, freed by closing the tab
// before Upload, and no whole-file resubmission while the portal is still processing.
const PEOPLE = 200;
const SEED = 11;
const people = generatePeople(PEOPLE, SEED);
// Long enough that nothing is processed while a test looks at the hold; tests that need results wait for them.
const replicaSettings = { people: PEOPLE, seed: SEED, processingDelayMs: 1500 };

describe('one upload at a time (CSV Guard in Chromium against the replica)', () => {
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
  });
  afterEach(async () => {
    for (const page of guard.context.pages()) if (page.url().startsWith(guard.replicaUrl)) await page.close({ runBeforeUnload: true });
    await finishOpenSubmissions(guard);
  });

  it('lets exactly one of two tabs clicking Upload at the same moment reach the portal, and tells the other why', async () => {
    const [a, b] = [await guard.openUploadPage(), await guard.openUploadPage()];
    await chooseFile(
      a,
      'ward-a.csv',
      uploadCsv(people.slice(0, 3), (row) => ((row[COL.JobTitle!] = 'Ward Manager'), row)),
    );
    await chooseFile(
      b,
      'ward-b.csv',
      uploadCsv(people.slice(10, 13), (row) => ((row[COL.JobTitle!] = 'Staff Nurse'), row)),
    );
    await Promise.all([summaryOf(a).waitFor(), summaryOf(b).waitFor()]);

    await Promise.all([portalButton(a, 'Upload').click(), portalButton(b, 'Upload').click()]);

    // Whichever tab won, its upload is the only one the portal receives.
    await expect.poll(async () => (await guard.replica.uploads()).length).toBe(1);
    const [received] = await guard.replica.uploads();
    const [winner, loser] = received!.fileName === 'ward-a.csv' ? [a, b] : [b, a];
    await winner.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    const hold = panel(loser).locator('[data-testid="hold"]');
    await hold.waitFor();
    expect(await hold.textContent()).toContain(received!.fileName);
    expect(await hold.textContent()).toContain('in another tab');

    await guard.replica.waitForProcessed(1);
    expect((await guard.replica.uploads()).map((u) => u.fileName)).toEqual([received!.fileName]);
    expect(await loser.getByRole('alert').filter({ hasText: 'Upload successful' }).count()).toBe(0);
  });

  it('keeps the hold after the service worker is stopped between Upload and the results', async () => {
    const a = await guard.openUploadPage();
    await chooseFile(a, 'before-stop.csv', uploadCsv(people.slice(20, 24)));
    await summaryOf(a).waitFor();
    await portalButton(a, 'Upload').click();
    await a.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await expect.poll(async () => (await slot(guard)).state === 'held' && (await slot(guard)).submission?.state).toBe('processing');

    await stopServiceWorker(guard);

    // A new tab, served by a freshly started worker, still sees the upload in flight and holds its Upload.
    const b = await guard.openUploadPage();
    await chooseFile(b, 'after-stop.csv', uploadCsv(people.slice(30, 33)));
    await summaryOf(b).waitFor();
    await portalButton(b, 'Upload').click();
    const hold = panel(b).locator('[data-testid="hold"]');
    await hold.waitFor();
    expect(await hold.textContent()).toContain('before-stop.csv');
    expect(await slot(guard)).toMatchObject({ state: 'held', submission: { fileName: 'before-stop.csv', state: 'processing' } });
    expect((await guard.replica.uploads()).map((u) => u.fileName)).toEqual(['before-stop.csv']);
  });

  it('after the service worker is stopped, still shows every finding and takes the slot with the file’s local IDs', async () => {
    const a = await guard.openUploadPage();
    // 20 rows without a local ID (more than the check's reply carries), then 3 clean updates.
    const file = uploadCsv(people.slice(40, 63), (row, i) => (i < 20 && (row[COL.ExternalSyncID!] = ''), row));
    await chooseFile(a, 'after-restart.csv', file);
    await summaryOf(a).waitFor();
    const missing = panel(a).locator('[data-rule="missing-local-id"]');
    expect(await missing.count()).toBeLessThan(20);

    await stopServiceWorker(guard);

    // The restarted worker has lost the check: the page sends the file again, and nothing is lost.
    await panel(a).locator('button[data-show-all="missing-local-id"]').click();
    await expect.poll(() => missing.count()).toBe(20);
    await acknowledgeEveryKind(a);
    await portalButton(a, 'Validate').click();
    await expect.poll(async () => (await slot(guard)).submission?.fileName).toBe('after-restart.csv');
    // The popup's history no longer lists a file's local IDs: the background's own record is read instead.
    const taken = await storedSubmission(guard, 'after-restart.csv');
    expect(taken).toMatchObject({ rowCount: 23, localIds: people.slice(60, 63).map((p) => p.localId) });
    const { submissions } = await guard.sendToBackground<{ submissions: HistoryEntry[] }>('history-list');
    expect(submissions.find((s) => s.fileName === 'after-restart.csv')).not.toHaveProperty('localIds');
  });

  it('frees the slot when the tab that took it at Validate closes before Upload', async () => {
    const a = await guard.openUploadPage();
    await chooseFile(a, 'never-uploaded.csv', uploadCsv(people.slice(40, 43)));
    await summaryOf(a).waitFor();
    await portalButton(a, 'Validate').click();
    await expect.poll(async () => (await slot(guard)).submission?.fileName).toBe('never-uploaded.csv');

    await a.close({ runBeforeUnload: true });
    await expect.poll(async () => (await slot(guard)).state).toBe('free');

    const b = await guard.openUploadPage();
    await chooseFile(b, 'next.csv', uploadCsv(people.slice(50, 52)));
    await summaryOf(b).waitFor();
    await portalButton(b, 'Upload').click();
    await b.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await guard.replica.waitForProcessed(1);
    expect((await guard.replica.uploads()).map((u) => u.fileName)).toEqual(['next.csv']);
  });

  it('blocks choosing the same file again while it is processing, and offers only the rows not yet submitted', async () => {
    const first = uploadCsv(people.slice(60, 64), (row) => ((row[COL.Department!] = 'Radiology'), row));
    const a = await guard.openUploadPage();
    await chooseFile(a, 'radiology.csv', first);
    await summaryOf(a).waitFor();
    await portalButton(a, 'Upload').click();
    await a.getByRole('alert').filter({ hasText: 'Upload successful' }).waitFor();
    await expect.poll(async () => (await slot(guard)).submission?.state).toBe('processing');

    // The same file again, in another tab.
    const b = await guard.openUploadPage();
    await chooseFile(b, 'radiology.csv', first);
    await panel(b).locator('[data-rule="resubmission"]').first().waitFor();
    expect(await panel(b).locator('[data-rule="resubmission"][data-line="2"]').count()).toBe(1);
    expect(await panel(b).locator('[data-rule="resubmission"]').first().textContent()).toContain('radiology.csv');
    expect(await panel(b).locator('button[data-export="remainder"]').count()).toBe(1);

    // A file that overlaps it: the remainder keeps the rows that were not in the earlier upload, and its
    // updates too (sending an update again is safe); it would withhold creates until a newer report.
    const overlapping = uploadCsv(people.slice(62, 67), (row) => ((row[COL.Department!] = 'Radiology'), row));
    await chooseFile(b, 'radiology-extended.csv', overlapping);
    await panel(b).locator('[data-rule="resubmission"][data-line="2"]').waitFor();
    const remainder = await downloadFrom(b, panel(b).locator('button[data-export="remainder"]'));
    const localIds = Papa.parse<string[]>(remainder.replace(/^\uFEFF/, '').trim(), { newline: '\r\n' })
      .data.slice(1)
      .map((r) => r[COL.ExternalSyncID!]);
    expect(localIds).toEqual(people.slice(62, 67).map((p) => p.localId));
  });
});

type SlotView = { state: SlotStatus['state']; submission?: Extract<SlotStatus, { state: 'held' }>['submission'] };

async function slot(guard: GuardBrowser): Promise<SlotView> {
  return guard.sendToBackground<SlotView>('slot-status');
}

/** The background's own record of a submission, read from the worker's IndexedDB (the page and the popup are told less). */
async function storedSubmission(guard: GuardBrowser, fileName: string): Promise<Submission | undefined> {
  return guard.serviceWorker.evaluate(
    async ({ dbName, fileName }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const all = await new Promise<Submission[]>((resolve, reject) => {
          const read = db.transaction('submissions').objectStore('submissions').getAll();
          read.onsuccess = () => resolve(read.result as Submission[]);
          read.onerror = () => reject(read.error);
        });
        return all.find((s) => s.fileName === fileName);
      } finally {
        db.close();
      }
    },
    { dbName: DB_NAME, fileName },
  );
}
