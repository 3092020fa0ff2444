import { CHECK_MARK_PREFIX } from '../../lib/background/check-marks';
import type { CheckStep } from '../../lib/background/check-pipeline';
import type { WorkerCdp } from './worker-cdp';

/** Each step of the last check inside the worker: milliseconds from the step before it. */
export type WorkerSteps = Partial<Record<Exclude<CheckStep, 'received'>, number>>;

/** The steps in the order the worker takes them; a step's time runs from the mark before it. */
export const WORKER_STEPS: readonly CheckStep[] = ['received', 'file-read', 'parsed', 'fingerprinted', 'looked-up', 'indexed', 'ruled', 'replied'];

/**
 * The e2e build's marks of the worker's last check (lib/background/check-marks), read through the
 * DevTools protocol: the background's own split, free of the page's progress round trips.
 */
export async function readWorkerSteps(worker: WorkerCdp): Promise<WorkerSteps> {
  const answer = await worker.send<{ result: { value?: [string, number][] } }>('Runtime.evaluate', {
    expression: `performance.getEntriesByType('mark').filter((m) => m.name.startsWith(${JSON.stringify(CHECK_MARK_PREFIX)})).map((m) => [m.name.slice(${CHECK_MARK_PREFIX.length}), m.startTime])`,
    returnByValue: true,
  });
  const at = new Map(answer?.result.value ?? []);
  const steps: WorkerSteps = {};
  let previous: number | undefined;
  for (const step of WORKER_STEPS) {
    const time = at.get(step);
    if (time === undefined) continue;
    if (previous !== undefined && step !== 'received') steps[step] = time - previous;
    previous = time;
  }
  return steps;
}
