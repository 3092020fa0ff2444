import type { Handlers } from '../messaging/router';
import type { SubmissionsProtocol } from '../messaging/submissions-protocol';
import { submissionTracker } from './slot';
import type { SubmissionTracker } from './tracker';
import type { SlotRequest } from './types';

/** The slot request for a file the background checked, by the check's id; undefined once the worker has lost it. */
export type CheckedUploadLookup = (checkId: string) => SlotRequest | undefined;

/** Message handlers of the submission tracker: each one hands straight to the tracker. */
export function createSubmissionHandlers(
  tracker: SubmissionTracker = submissionTracker,
  checkedUpload: CheckedUploadLookup = () => undefined,
): Handlers<keyof SubmissionsProtocol> {
  return {
    'slot-status': (_data, sender) => tracker.status(sender),
    'slot-acquire': async (data, sender) => {
      const request = 'checkId' in data ? checkedUpload(data.checkId) : data;
      if (!request) return { granted: false, checkUnknown: true, slot: await tracker.status(sender) };
      const decision = await tracker.acquire(request, sender);
      return decision.granted ? { granted: true, submission: decision.submission } : { granted: false, slot: decision.slot };
    },
    'slot-release': async (data, sender) => ({ released: await tracker.release(data.submissionId, sender) }),
    'submission-upload-clicked': (data, sender) => tracker.markUploadClicked(data.submissionId, sender),
    'submission-processing': (data, sender) => tracker.markProcessing(data.submissionId, sender),
    'submission-finish': (data) => tracker.finish(data.submissionId),
    'history-list': async () => ({ submissions: await tracker.history() }),
  };
}
