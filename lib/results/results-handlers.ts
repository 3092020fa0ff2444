import type { Handlers } from '../messaging/router';
import type { ResultsProtocol } from '../messaging/results-protocol';

/** Stub: replaced by results-email reconciliation. */
export function createResultsHandlers(): Handlers<keyof ResultsProtocol> {
  return {
    'results-reconcile': async () => ({ ok: false, error: 'Not implemented yet' }),
  };
}
