/**
 * Settings in the extension's storage.local; the schema and defaults live in settings-schema.ts.
 * Only the background calls this module: the options page asks it by message (settings-get/-save),
 * so every write is one of the background's and they run one after another.
 */
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings-schema';
import { createMutex } from './submissions/mutex';

export { DEFAULT_SETTINGS, SettingsSchema, type Settings };

const KEY = 'settings';

/** Read settings; anything unreadable falls back to defaults rather than breaking a check. */
export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = SettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Writes one at a time: each reads the settings, then writes them back, so two at once could lose one. */
const oneWriteAtATime = createMutex();

/** Merge a change into the stored settings; a value out of range throws and nothing is saved. */
export function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  return oneWriteAtATime(async () => {
    const next = SettingsSchema.parse({ ...(await loadSettings()), ...patch });
    await browser.storage.local.set({ [KEY]: next });
    return next;
  });
}
