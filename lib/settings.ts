/**
 * Settings, kept under one key of an area (storage.local in the extension); the schema and defaults
 * live in settings-schema.ts. Only the background holds a store: the options page asks it by message
 * (settings-get/-save), so every write is the background's and they run one after another.
 */
import type { KeyValueArea } from './browser/key-value-area';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings-schema';
import { createMutex } from './submissions/mutex';

export { DEFAULT_SETTINGS, SettingsSchema, type Settings };

const KEY = 'settings';

export interface SettingsStore {
  /** Read settings; anything unreadable falls back to defaults rather than breaking a check. */
  load(): Promise<Settings>;
  /** Merge a change into the stored settings; a value out of range throws and nothing is saved. */
  save(patch: Partial<Settings>): Promise<Settings>;
}

export function createSettingsStore(area: KeyValueArea): SettingsStore {
  // Writes one at a time: each reads the settings, then writes them back, so two at once could lose one.
  const oneWriteAtATime = createMutex();

  async function load(): Promise<Settings> {
    const parsed = SettingsSchema.safeParse((await area.get(KEY)) ?? {});
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  return {
    load,
    save: (patch) =>
      oneWriteAtATime(async () => {
        const next = SettingsSchema.parse({ ...(await load()), ...patch });
        await area.set(KEY, next);
        return next;
      }),
  };
}
