import { describe, expect, it } from 'vitest';
import { memoryArea } from '../../lib/browser/key-value-area';
import type { Reply } from '../../lib/messaging/protocol';
import { createMessageListener } from '../../lib/messaging/router';
import { createSettingsStore } from '../../lib/settings';
import { memoryBrowser, startWorker } from '../support/background';
import { EXTENSION_PAGE, portalTab, TEST_TRUST } from '../support/senders';

describe('settings', () => {
  it('starts from the documented defaults', async () => {
    const settings = await createSettingsStore(memoryArea()).load();
    expect(settings.batchSize).toBe(500);
    expect(settings.staleReportDays).toBe(7);
    expect(settings.retentionDays).toBe(30);
  });

  it('keeps a saved change and ignores corrupt stored values', async () => {
    const area = memoryArea();
    const store = createSettingsStore(area);
    await store.save({ batchSize: 200 });
    expect((await store.load()).batchSize).toBe(200);
    await area.set('settings', { batchSize: 'lots' });
    expect((await store.load()).batchSize).toBe(500);
  });
});

describe('settings through the background, their one writer', () => {
  /** Settings as the options page and the page see them: through the background; `stored` reads storage.local directly. */
  function background() {
    const browser = memoryBrowser();
    const listen = createMessageListener(startWorker({ browser }).handlers, TEST_TRUST);
    const send = (sender: Parameters<typeof listen>[1], type: string, data: unknown) =>
      listen({ channel: 'csv-guard', type, data }, sender) as Promise<Reply>;
    return { send, stored: () => createSettingsStore(browser.local).load() };
  }

  it('keeps both a save from the options page and a template learnt by the page at the same moment', async () => {
    const { send, stored } = background();
    const header = ['ID', 'ExternalSyncID', 'Surname'];
    const [saved, learnt] = await Promise.all([
      send(EXTENSION_PAGE, 'settings-save', { patch: { batchSize: 250, selectors: { uploadButton: '#go' } } }),
      send(portalTab(3), 'template-learnt', { header, sourceUrl: 'https://portal.nhs.net/sample.csv' }),
    ]);
    expect(saved).toMatchObject({ ok: true });
    expect(learnt).toEqual({ ok: true, data: { saved: true } });
    expect(await stored()).toMatchObject({ batchSize: 250, selectors: { uploadButton: '#go' }, learntTemplate: { header } });
    expect(await send(EXTENSION_PAGE, 'settings-get', {})).toMatchObject({ ok: true, data: { batchSize: 250, learntTemplate: { header } } });
  });

  it('refuses an out-of-range value and saves nothing', async () => {
    const { send, stored } = background();
    const reply = await send(EXTENSION_PAGE, 'settings-save', { patch: { batchSize: 0, retentionDays: 10 } });
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('batchSize') });
    expect(await stored()).toMatchObject({ batchSize: 500, retentionDays: 30 });
  });

  it('answers a portal page asking for or changing settings with a refusal', async () => {
    const { send, stored } = background();
    expect(await send(portalTab(3), 'settings-save', { patch: { retentionDays: 1 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('refused "settings-save" from a portal page'),
    });
    expect(await send(portalTab(3), 'settings-get', {})).toMatchObject({ ok: false });
    expect((await stored()).retentionDays).toBe(30);
  });
});
