import Papa from 'papaparse';
import type { ChecksProtocol } from '../../lib/messaging/checks-protocol';
import type { SubmissionsProtocol } from '../../lib/messaging/submissions-protocol';
import type { GuardBrowser } from '../../tests/e2e/harness';
import { openPortalSender } from './portal-sender';

type CheckAnswer = ChecksProtocol['check-upload']['response'];
type AcquireAnswer = SubmissionsProtocol['slot-acquire']['response'];

/**
 * An earlier upload the portal is still processing, recorded through the same messages the page guard
 * sends (the file checked in slices, slot-acquire by its check id, then submission-processing).
 * Files that repeat its rows (same values) get resubmission findings. Returns the submission's id.
 * Sent from a portal tab, as the page guard sends them (see portal-sender.ts).
 */
export async function plantEarlierSubmission(
  guard: GuardBrowser,
  earlier: { fileName: string; header: string[]; rows: string[][] },
): Promise<string> {
  const portal = await openPortalSender(guard);
  try {
    const checked = await portal.check<CheckAnswer>(
      earlier.fileName,
      Papa.unparse({ fields: earlier.header, data: earlier.rows }, { newline: '\r\n' }),
    );
    if (checked.outcome === 'unreadable') throw new Error(`The earlier submission could not be checked: ${checked.error}`);
    const answer = await portal.send<AcquireAnswer>('slot-acquire', { checkId: checked.report.checkId });
    if (answer.outcome !== 'granted') throw new Error('The upload slot was not free for the earlier submission.');
    await portal.send('submission-processing', { submissionId: answer.submission.id });
    return answer.submission.id;
  } finally {
    await portal.close();
  }
}
