import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { loadSettings, saveSettings } from '../../lib/settings';

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
