import type { Page } from 'playwright-core';
import { CHECK_MARK_PREFIX, REHEARSED_MEASURE } from '../../lib/background/check-marks';
import { PREPARED_MEASURE } from '../../lib/store/prepared-mark';
import type { WorkerCdp } from './worker-cdp';

/**
 * The worker's read-aheads for a check about to come ('prepare-check', lib/page/file-intent), as the
 * e2e build measures them: so the cold rows can prove what they claim. The plain cold row (worker
 * stopped, file set by script, no click) must meet a worker that read nothing ahead; the row where the
 * admin clicked Browse first must meet one that finished reading before the file arrived.
 */

/** How long before choosing the file the admin clicks Browse in the "clicked Browse" cold row. */
export const BROWSE_LEAD_MS = 2_000;

export interface ReadAheads {
  /** Each read-ahead since the worker started: when it began and how long it took (worker clock, ms). */
  runs: { startMs: number; ms: number }[];
  /** When the last check arrived (its 'received' mark), if one did. */
  checkReceivedMs?: number;
  /** The worker's check rehearsal (lib/background/check-rehearsal), if it ran: how long, and how it ended. */
  rehearsals: { startMs: number; ms: number; outcome: string }[];
}

export async function readAheadsOf(worker: WorkerCdp): Promise<ReadAheads> {
  const answer = await worker.send<{ result: { value?: ReadAheads } }>('Runtime.evaluate', {
    expression: `({
      runs: performance.getEntriesByName(${JSON.stringify(PREPARED_MEASURE)}, 'measure').map((m) => ({ startMs: m.startTime, ms: m.duration })),
      checkReceivedMs: performance.getEntriesByName(${JSON.stringify(`${CHECK_MARK_PREFIX}received`)}, 'mark')[0]?.startTime,
      rehearsals: performance.getEntriesByName(${JSON.stringify(REHEARSED_MEASURE)}, 'measure').map((m) => ({ startMs: m.startTime, ms: m.duration, outcome: String(m.detail) })),
    })`,
    returnByValue: true,
  });
  return answer?.result.value ?? { runs: [], rehearsals: [] };
}

/**
 * The admin clicks Browse (the portal's label for the file input) and stays in the file dialog for
 * `leadMs`. The dialog is intercepted, as headless Chromium has none to show; the file is then chosen
 * as in every other row.
 */
export async function clickBrowseAhead(page: Page, leadMs: number = BROWSE_LEAD_MS): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
  await page.getByLabel('Browse').click();
  await chooser;
  await page.waitForTimeout(leadMs);
}

/**
 * What a cold run's read-aheads say, or an error when they contradict its row: `browsed` false means
 * none may have run; true means one must have finished before the check arrived.
 */
export function judgeReadAheads(ahead: ReadAheads, browsed: boolean): { note: string } | { error: string } {
  if (!browsed) {
    return ahead.runs.length === 0
      ? { note: 'no read-ahead' }
      : { error: `the worker read ahead ${ahead.runs.length} time(s) though no one clicked Browse: this run was not cold` };
  }
  const received = ahead.checkReceivedMs ?? Number.POSITIVE_INFINITY;
  const finished = ahead.runs.filter((run) => run.startMs + run.ms <= received);
  if (finished.length === 0) return { error: 'no read-ahead had finished when the check arrived' };
  const last = finished.at(-1)!;
  const rehearsal = ahead.rehearsals.at(-1);
  const rehearsed = rehearsal
    ? `; rehearsal ${Math.round(rehearsal.ms)} ms, ${rehearsal.outcome}${rehearsal.startMs + rehearsal.ms <= received ? '' : ' (ended after the check arrived)'}`
    : '; no rehearsal';
  return {
    note: `read-ahead ${Math.round(last.ms)} ms, done ${Math.round(received - last.startMs - last.ms)} ms before the check arrived${rehearsed}`,
  };
}
