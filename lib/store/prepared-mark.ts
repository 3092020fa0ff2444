import type { LookupCache } from './lookup-cache';

/** The worker's measure of each read-ahead for a check about to come (e2e build): its detail is what the lookup cache then holds. */
export const PREPARED_MEASURE = 'csv-guard-prepared';

/**
 * e2e build only: measure, on the worker's timeline, each read-ahead ('prepare-check') from `startedAt`
 * (performance.now() as it was asked) to now, with what the lookup cache then holds, so a browser test
 * can see the key tables and indexes ready before a file is chosen, and the bench can tell whether a
 * check met a worker that had read ahead. A measure, not a mark: a check's marks clear every mark.
 */
export async function measurePrepared(cache: LookupCache, startedAt: number): Promise<void> {
  const detail = await cache.readiness();
  performance.measure(PREPARED_MEASURE, { start: startedAt, end: performance.now(), detail });
}
