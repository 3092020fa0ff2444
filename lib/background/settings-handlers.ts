import type { Handlers } from '../messaging/router';
import type { SettingsProtocol } from '../messaging/settings-protocol';
import { loadSettings, saveSettings } from '../settings';

/** The background's answers about settings: it is their one writer, and saveSettings serialises every write. */
export function createSettingsHandlers(): Handlers<keyof SettingsProtocol> {
  return {
    'settings-get': () => loadSettings(),
    'settings-save': ({ patch }) => saveSettings(patch),
  };
}
