import type { Handlers } from '../messaging/router';
import type { SlotAnswer, SubmissionsProtocol } from '../messaging/submissions-protocol';
import { historyEntry } from './history-entry';
import { slotSubmission, type AcquireDecision } from './slot-rules';
import type { SubmissionTracker } from './tracker';
import type { SlotRequest, Submission } from './types';

/** The slot request for a file the background checked, by the check's id; undefined once the worker has lost it. */
export type CheckedUploadLookup = (checkId: string) => SlotRequest | undefined;
/** The submission history a kept check was judged against, by the check's id. */
export type CheckedHistoryLookup = (checkId: string) => readonly Submission[] | undefined;

export interface SubmissionHandlerDeps {
  tracker: SubmissionTracker;
  checkedUpload: CheckedUploadLookup;
  checkedHistory: CheckedHistoryLookup;
}

/** Message handlers of the submission tracker: each one hands straight to the tracker, and answers with what the asker shows (SlotSubmission to a portal tab, HistoryEntry to the popup). */
export function createSubmissionHandlers({ tracker, checkedUpload, checkedHistory }: SubmissionHandlerDeps): Handlers<keyof SubmissionsProtocol> {
  const answer = (decision: AcquireDecision): SlotAnswer =>
    decision.granted
      ? { outcome: 'granted', submission: slotSubmission(decision.submission) }
      : { outcome: decision.recheck ? 'recheck' : 'refused', slot: decision.slot };
  return {
    'slot-status': (_data, sender) => tracker.status(sender),
    'slot-acquire': async (data, sender) => {
      // The file's details come from the background's own copy of the check, never from the page.
      const request = checkedUpload(data.checkId);
      if (!request) return { outcome: 'check-unknown', slot: await tracker.status(sender) };
      // Re-judged against the history as it is now, not as it was when the file was checked.
      const historyAtCheck = checkedHistory(data.checkId);
      return answer(await tracker.acquire(request, sender, historyAtCheck ? { historyAtCheck } : {}));
    },
    'slot-take-over': async (data, sender) => {
      const request = checkedUpload(data.checkId);
      if (!request) return { outcome: 'check-unknown', slot: await tracker.status(sender) };
      const historyAtCheck = checkedHistory(data.checkId);
      return answer(await tracker.takeOver(request, sender, historyAtCheck ? { historyAtCheck } : {}));
    },
    'slot-release': async (data, sender) => ({ released: await tracker.release(data.submissionId, sender) }),
    'submission-upload-clicked': async (data, sender) => slotSubmission(await tracker.markUploadClicked(data.submissionId, sender)),
    'submission-processing': async (data, sender) => slotSubmission(await tracker.markProcessing(data.submissionId, sender)),
    'submission-finish': async (data) => historyEntry(await tracker.finish(data.submissionId)),
    'history-list': async () => ({ submissions: (await tracker.history()).map(historyEntry) }),
  };
}
