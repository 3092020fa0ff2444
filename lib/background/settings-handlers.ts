import type { Handlers } from '../messaging/router';
import type { SettingsProtocol } from '../messaging/settings-protocol';
import type { SettingsStore } from '../settings';

export interface SettingsHandlerDeps {
  settings: SettingsStore;
}

/** The background's answers about settings: it is their one writer, and the store serialises every write. */
export function createSettingsHandlers({ settings }: SettingsHandlerDeps): Handlers<keyof SettingsProtocol> {
  return {
    'settings-get': () => settings.load(),
    'settings-save': ({ patch }) => settings.save(patch),
  };
}
