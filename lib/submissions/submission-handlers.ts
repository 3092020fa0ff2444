import type { Handlers } from '../messaging/router';
import type { SubmissionsProtocol } from '../messaging/submissions-protocol';

/** Stub: replaced by the submission tracker. */
export function createSubmissionHandlers(): Handlers<keyof SubmissionsProtocol> {
  const notYet = async (): Promise<never> => {
    throw new Error('Not implemented yet');
  };
  return {
    'slot-status': async () => ({ state: 'free' }),
    'slot-acquire': notYet,
    'slot-release': notYet,
    'submission-processing': notYet,
    'submission-finish': notYet,
    'history-list': async () => ({ submissions: [] }),
  };
}
