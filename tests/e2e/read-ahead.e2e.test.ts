import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReportThroughPort } from '../../bench/browser/report-import';
import { plantedUploadCsv } from '../../bench/browser/planted-upload';
import { UploadFilesOnDisk } from '../../bench/browser/upload-file-on-disk';
import { chooseFileOnDisk } from '../../bench/browser/upload-file-on-disk';
import { openReadyUploadPage, readPanel } from '../../bench/browser/upload-run';
import { WorkerCdp } from '../../bench/browser/worker-cdp';
import { REHEARSED_MEASURE } from '../../lib/background/check-marks';
import { PREPARED_MEASURE } from '../../lib/store/prepared-mark';
import type { SnapshotReadiness } from '../../lib/store/lookup-cache';
import { generatePeople, mailboxReportCsv } from '../support/generate';
import { stopServiceWorker } from '../support/stop-worker';
import { summaryNumbers } from './admin-actions';
import { launchGuardBrowser, type GuardBrowser } from './harness';

const MAILBOXES = 20_000;
const ROWS = 2_000;

// Chrome stops an idle worker after 30 s, so an admin coming back to the page meets a stopped one. It
// reads the report's key tables, indexes and chunks while the admin is in the file dialog, not once the
// file arrives (issue 14: the cold first check).
describe('a stopped worker gets the lookup ready while the admin chooses a file', () => {
  let guard: GuardBrowser;
  let worker: WorkerCdp;
  const files = new UploadFilesOnDisk();
  const people = generatePeople(MAILBOXES);

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: MAILBOXES } });
    worker = await WorkerCdp.open(guard.context, guard.extensionId);
    const options = await guard.openExtensionPage('options.html');
    expect((await importReportThroughPort(options, mailboxReportCsv(people), 'Read-ahead Trust')).rowCount).toBe(MAILBOXES);
    await options.close();
  });

  afterAll(async () => {
    files.remove();
    await worker?.close();
    await guard?.close();
  });

  /** What the worker's lookup cache held after each read-ahead (the e2e build's measures), empty while no worker runs. */
  async function readAheads(): Promise<SnapshotReadiness[][]> {
    const answer = await worker
      .send<{ result: { value?: SnapshotReadiness[][] } }>('Runtime.evaluate', {
        expression: `performance.getEntriesByName(${JSON.stringify(PREPARED_MEASURE)}, 'measure').map((measure) => measure.detail)`,
        returnByValue: true,
      })
      .catch(() => undefined);
    return answer?.result.value ?? [];
  }

  /** The panel once every group of findings is drawn: the same twice, half a second apart. */
  async function settledPanel(page: Page): ReturnType<typeof readPanel> {
    let last = await readPanel(page);
    for (let tries = 0; tries < 40; tries++) {
      await page.waitForTimeout(500);
      const now = await readPanel(page);
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
    throw new Error('the panel kept changing for 20 s');
  }

  /** How each of the worker's check rehearsals ended (the e2e build's measures), empty while none has. */
  async function rehearsals(): Promise<string[]> {
    const answer = await worker
      .send<{ result: { value?: string[] } }>('Runtime.evaluate', {
        expression: `performance.getEntriesByName(${JSON.stringify(REHEARSED_MEASURE)}, 'measure').map((measure) => String(measure.detail))`,
        returnByValue: true,
      })
      .catch(() => undefined);
    return answer?.result.value ?? [];
  }

  it('has the key tables, indexes and chunks read and a check rehearsed after Browse is clicked, before the file is chosen, then checks the file as a worker that did neither does, and rehearses again at the next sign', async () => {
    const filePath = files.write('read-ahead.csv', plantedUploadCsv(people, ROWS));
    const page = await openReadyUploadPage(guard);
    await stopServiceWorker(guard);
    expect(await readAheads(), 'the stopped worker holds nothing').toEqual([]);

    const chooser = page.waitForEvent('filechooser');
    await page.getByLabel('Browse').click();
    const fileChooser = await chooser;

    // The file dialog is open and nothing is chosen: the restarted worker has read ahead.
    await expect.poll(readAheads, { timeout: 20_000 }).toEqual([
      [
        {
          generation: expect.any(String) as string,
          indexedKinds: ['localId', 'email', 'mobile'],
          chunksHeld: MAILBOXES / 1000,
          chunkCount: MAILBOXES / 1000,
        },
      ],
    ]);
    // Then it rehearses a check on its made-up sample (lib/background/check-rehearsal).
    await expect.poll(rehearsals, { timeout: 20_000 }).toEqual(['rehearsed']);
    expect(await page.locator('csv-guard [data-testid="summary"]').count(), 'no check has started').toBe(0);

    await fileChooser.setFiles(filePath);
    await page.locator('csv-guard [data-testid="summary"]').waitFor({ timeout: 60_000 });
    expect((await summaryNumbers(page)).rows).toBe(ROWS);
    const afterRehearsal = await settledPanel(page);
    // The worker goes on running, but the engine drops optimised code in its idle time: the next sign rehearses again.
    const browse = page.getByLabel('Browse');
    await browse.blur();
    await browse.focus();
    await expect.poll(rehearsals, { timeout: 20_000 }).toEqual(['rehearsed', 'rehearsed']);
    await page.close();

    // The same file in a stopped worker that neither read ahead nor rehearsed: the same panel.
    const plain = await openReadyUploadPage(guard);
    await stopServiceWorker(guard);
    await chooseFileOnDisk(plain, filePath);
    await plain.locator('csv-guard [data-testid="summary"]').waitFor({ timeout: 60_000 });
    expect(await rehearsals(), 'this worker never rehearsed').toEqual([]);
    expect(await settledPanel(plain)).toEqual(afterRehearsal);
    expect(Object.keys(afterRehearsal.ruleCounts).length, 'the planted problems are found').toBeGreaterThan(5);
    await plain.close();
  });
});
