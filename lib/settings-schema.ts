import { z } from 'zod';

/** Admin-adjustable settings, kept in the extension's own storage.local. */
export const SettingsSchema = z.object({
  /** The extension's own default, not a portal limit: the portal only advises "several smaller submissions". */
  batchSize: z.number().int().min(1).max(100_000).default(500),
  /** A cached Mailbox Report older than this adds `stale-report`. */
  staleReportDays: z.number().min(0).max(365).default(7),
  /** Cached reports and history are deleted automatically after this many days. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** A `processing` submission with no results after this many hours becomes `expired`. */
  submissionExpiryHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(24),
  selectors: z.object({ fileInput: z.string().optional(), validateButton: z.string().optional(), uploadButton: z.string().optional() }).default({}),
  /** The header of the portal's "Sample File (new format)", once learnt from the page. */
  learntTemplate: z.object({ header: z.array(z.string()), sourceUrl: z.string(), learntAt: z.number() }).optional(),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** Browser-free, so the command line shares the same defaults. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
