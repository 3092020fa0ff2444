import type { Handlers } from '../messaging/router';
import type { ChecksProtocol } from '../messaging/checks-protocol';

/** Stub: replaced by the check pipeline (parse → lookup → rules). */
export function createCheckHandlers(): Handlers<keyof ChecksProtocol> {
  const notYet = async (): Promise<never> => {
    throw new Error('Not implemented yet');
  };
  return { 'check-upload': notYet, 'export-file': notYet, 'template-learnt': notYet, 'page-settings': notYet };
}
