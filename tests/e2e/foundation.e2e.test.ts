import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchGuardBrowser, type GuardBrowser } from './harness';

// The ground every other browser test stands on: the built extension loads into real Chromium,
// its content script finds the replica's Upload Users view after in-app navigation, and the background answers.
describe('extension in Chromium against the portal replica', () => {
  let guard: GuardBrowser;

  beforeAll(async () => {
    guard = await launchGuardBrowser({ replica: { people: 200 } });
  });

  afterAll(async () => {
    await guard?.close();
  });

  it('loads as an extension with a service worker', () => {
    expect(guard.extensionId).toMatch(/^[a-p]{32}$/);
    expect(guard.serviceWorker.url()).toBe(`chrome-extension://${guard.extensionId}/background.js`);
  });

  it('mounts its panel on Upload Users after hash navigation, without a page load', async () => {
    const page = await guard.openUploadPage();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    expect(page.url()).toBe(`${guard.replicaUrl}/Admin#/csv-upload`);
    const mounted = await page
      .locator('csv-guard')
      .waitFor({ state: 'attached', timeout: 15_000 })
      .then(
        () => true,
        () => false,
      );
    expect(mounted, "the content script's <csv-guard> host element appears on Upload Users").toBe(true);
    expect(loads).toEqual([]);
    await page.close();
  });

  it('background answers slot-status: the upload slot is free', async () => {
    const status = await guard.sendToBackground<{ state: string }>('slot-status');
    expect(status.state).toBe('free');
  });
});
