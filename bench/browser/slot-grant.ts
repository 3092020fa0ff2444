import type { ChecksProtocol } from '../../lib/messaging/checks-protocol';
import type { SubmissionsProtocol } from '../../lib/messaging/submissions-protocol';
import type { GuardBrowser } from '../../tests/e2e/harness';

type CheckAnswer = ChecksProtocol['check-upload']['response'];
type AcquireAnswer = SubmissionsProtocol['slot-acquire']['response'];

/**
 * How long the upload slot takes to be granted for a checked file: the page asks for it once the check
 * is done, and holds an Upload click until it is answered. The file is checked through the background
 * (as the page guard sends it), the slot asked for by the check's id and timed, then given back.
 * `runs` times; the median counts.
 */
export async function timeSlotGrant(guard: GuardBrowser, fileName: string, text: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const checked = await guard.checkInBackground<CheckAnswer>(fileName, text);
    if (checked.outcome === 'unreadable') throw new Error(`${fileName} could not be checked: ${checked.error}`);
    const asked = performance.now();
    const answer = await guard.sendToBackground<AcquireAnswer>('slot-acquire', { checkId: checked.report.checkId });
    times.push(performance.now() - asked);
    if (answer.outcome !== 'granted') throw new Error(`The upload slot was not granted for ${fileName} (${answer.outcome}).`);
    await guard.sendToBackground('slot-release', { submissionId: answer.submission.id });
  }
  return times;
}
