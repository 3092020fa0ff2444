import type { SubmissionsProtocol } from '../../lib/messaging/submissions-protocol';
import type { GuardBrowser } from '../../tests/e2e/harness';

type AcquireAnswer = SubmissionsProtocol['slot-acquire']['response'];

/**
 * An earlier upload the portal is still processing, recorded through the same messages the page guard
 * sends (slot-acquire, then submission-processing). Files that repeat its local IDs get resubmission findings.
 */
export async function plantEarlierSubmission(guard: GuardBrowser, earlier: { fileName: string; header: string[]; localIds: string[] }): Promise<void> {
  const answer = await guard.sendToBackground<AcquireAnswer>('slot-acquire', {
    fileName: earlier.fileName,
    fingerprint: 'bench-earlier-submission',
    rowCount: earlier.localIds.length,
    header: earlier.header,
    localIds: earlier.localIds,
  });
  if (!answer.granted) throw new Error('The upload slot was not free for the earlier submission.');
  await guard.sendToBackground('submission-processing', { submissionId: answer.submission.id });
}
