import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { createCheckHandlers, defaultCheckHandlerDeps } from '../../lib/background/check-handlers';
import { createSettingsHandlers } from '../../lib/background/settings-handlers';
import type { Reply } from '../../lib/messaging/protocol';
import { createMessageListener, type Handlers } from '../../lib/messaging/router';
import { loadSettings, saveSettings } from '../../lib/settings';
import { EXTENSION_PAGE, portalTab, TEST_TRUST } from '../support/senders';

describe('settings', () => {
  it('starts from the documented defaults', async () => {
    const settings = await loadSettings();
    expect(settings.batchSize).toBe(500);
    expect(settings.staleReportDays).toBe(7);
    expect(settings.retentionDays).toBe(30);
  });

  it('keeps a saved change and ignores corrupt stored values', async () => {
    await saveSettings({ batchSize: 200 });
    expect((await loadSettings()).batchSize).toBe(200);
    await browser.storage.local.set({ settings: { batchSize: 'lots' } });
    expect((await loadSettings()).batchSize).toBe(500);
  });
});

describe('settings through the background, their one writer', () => {
  function background() {
    const handlers = { ...createCheckHandlers(defaultCheckHandlerDeps()), ...createSettingsHandlers() };
    const listen = createMessageListener(handlers as unknown as Handlers, TEST_TRUST);
    return (sender: Parameters<typeof listen>[1], type: string, data: unknown) => listen({ channel: 'csv-guard', type, data }, sender) as Promise<Reply>;
  }

  it('keeps both a save from the options page and a template learnt by the page at the same moment', async () => {
    const send = background();
    const header = ['ID', 'ExternalSyncID', 'Surname'];
    const [saved, learnt] = await Promise.all([
      send(EXTENSION_PAGE, 'settings-save', { patch: { batchSize: 250, selectors: { uploadButton: '#go' } } }),
      send(portalTab(3), 'template-learnt', { header, sourceUrl: 'https://portal.nhs.net/sample.csv' }),
    ]);
    expect(saved).toMatchObject({ ok: true });
    expect(learnt).toEqual({ ok: true, data: { saved: true } });
    expect(await loadSettings()).toMatchObject({ batchSize: 250, selectors: { uploadButton: '#go' }, learntTemplate: { header } });
    expect(await send(EXTENSION_PAGE, 'settings-get', {})).toMatchObject({ ok: true, data: { batchSize: 250, learntTemplate: { header } } });
  });

  it('refuses an out-of-range value and saves nothing', async () => {
    const send = background();
    const reply = await send(EXTENSION_PAGE, 'settings-save', { patch: { batchSize: 0, retentionDays: 10 } });
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('batchSize') });
    expect(await loadSettings()).toMatchObject({ batchSize: 500, retentionDays: 30 });
  });

  it('answers a portal page asking for or changing settings with a refusal', async () => {
    const send = background();
    expect(await send(portalTab(3), 'settings-save', { patch: { retentionDays: 1 } })).toMatchObject({ ok: false, error: expect.stringContaining('refused "settings-save" from a portal page') });
    expect(await send(portalTab(3), 'settings-get', {})).toMatchObject({ ok: false });
    expect((await loadSettings()).retentionDays).toBe(30);
  });
});
