import type { CheckStep } from './check-pipeline';
import type { RehearsalOutcome } from './check-rehearsal';

/** Prefix of the worker's marks; the bench reads them through the DevTools protocol. */
export const CHECK_MARK_PREFIX = 'csv-guard:';

/**
 * Marks each step of a check on the worker's performance timeline (e2e build only), so the bench can
 * split the background's share of a check. Marks of the previous check are dropped when a new one
 * arrives: the timeline holds one check, never a growing list.
 */
export function markCheckStep(step: CheckStep): void {
  if (step === 'received') performance.clearMarks();
  performance.mark(`${CHECK_MARK_PREFIX}${step}`);
}

/** The worker's measure of its check rehearsal (e2e build): its detail is how it ended. */
export const REHEARSED_MEASURE = 'csv-guard-rehearsed';

/** e2e build only: measure the check rehearsal begun at `startedAt`, with how it ended. */
export function measureRehearsed(startedAt: number, outcome: RehearsalOutcome): void {
  performance.measure(REHEARSED_MEASURE, { start: startedAt, end: performance.now(), detail: outcome });
}
