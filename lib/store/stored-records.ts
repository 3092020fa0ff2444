import { z } from 'zod';
import type { StoredReport } from './db';

/**
 * Stored report records as they must look. What comes back from IndexedDB is checked against this,
 * so a damaged record is skipped and reported instead of crashing a lookup or the options page.
 * (Mailbox rows are checked as they are decoded: see stored-rows.ts.)
 */
export const StoredReportSchema = z.object({
  orgId: z.string().min(1),
  orgLabel: z.string(),
  fileName: z.string(),
  importedAt: z.number(),
  generatedAt: z.number().optional(),
  rowCount: z.number().int().nonnegative(),
  rowsWithoutLocalId: z.number().int().nonnegative(),
  columns: z.array(z.string()),
  generation: z.string().min(1),
});

export function isStoredReport(value: unknown): value is StoredReport {
  return StoredReportSchema.safeParse(value).success;
}
