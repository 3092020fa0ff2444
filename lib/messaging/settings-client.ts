import type { Settings } from '../settings-schema';
import { sendToBackground } from './send';
import type { SettingsPatch } from './settings-protocol';

/** How the options page reads and changes settings: through the background, which owns them. */
export interface SettingsClient {
  load(): Promise<Settings>;
  save(patch: SettingsPatch): Promise<Settings>;
}

export const backgroundSettingsClient: Readonly<SettingsClient> = {
  load: () => sendToBackground('settings-get', {}),
  save: (patch) => sendToBackground('settings-save', { patch }),
};
