/** Settings in the extension's storage.local; the schema and defaults live in settings-schema.ts. */
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings-schema';

export { DEFAULT_SETTINGS, SettingsSchema, type Settings };

const KEY = 'settings';

/** Read settings; anything unreadable falls back to defaults rather than breaking a check. */
export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = SettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [KEY]: next });
  return next;
}
