import { z } from 'zod';
import type { Settings } from '../settings-schema';
import type { MessageSpecs } from './message-spec';

/** What the options page may change; the learnt template is written only by the background, from the page's sample file. */
export type SettingsPatch = Partial<Pick<Settings, 'batchSize' | 'staleReportDays' | 'retentionDays' | 'submissionExpiryHours' | 'selectors'>>;

export interface SettingsProtocol {
  /** The admin's settings (defaults for anything unset or unreadable). */
  'settings-get': {
    request: Record<string, never>;
    response: Settings;
  };
  /** Change some settings; answers the settings as saved. Out-of-range values are refused and nothing is saved. */
  'settings-save': {
    request: { patch: SettingsPatch };
    response: Settings;
  };
}

/**
 * The patch's shape; ranges are checked by SettingsSchema when the patch is merged into the stored
 * settings, so they are written once.
 */
const SettingsPatchSchema = z.strictObject({
  batchSize: z.number().optional(),
  staleReportDays: z.number().optional(),
  retentionDays: z.number().optional(),
  submissionExpiryHours: z.number().optional(),
  selectors: z
    .strictObject({
      fileInput: z.string().max(1000).optional(),
      validateButton: z.string().max(1000).optional(),
      uploadButton: z.string().max(1000).optional(),
    })
    .optional(),
});

/** Settings are stored data: only the extension's own pages may read or change them (the page gets 'page-settings'). */
export const SETTINGS_MESSAGES: Readonly<MessageSpecs<SettingsProtocol>> = {
  'settings-get': { from: 'extension', request: z.strictObject({}) },
  'settings-save': { from: 'extension', request: z.strictObject({ patch: SettingsPatchSchema }) },
};
