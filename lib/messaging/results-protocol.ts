import type { TextEncodingName } from '../csv/types';
import type { ReconcileReport } from '../results/types';

export interface ResultsProtocol {
  /** Reconcile the results-email CSV; matches it to a tracked submission when one fits. */
  'results-reconcile': {
    request: { fileName: string; text: string; encoding: TextEncodingName };
    response: { ok: true; report: ReconcileReport } | { ok: false; error: string };
  };
}
