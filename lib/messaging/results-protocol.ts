import { z } from 'zod';
import type { TextEncodingName } from '../csv/types';
import type { ReconcileReport } from '../results/types';
import { textEncoding, type MessageSpecs } from './message-spec';

export interface ResultsProtocol {
  /** Reconcile the results-email CSV; matches it to a tracked submission when one fits. */
  'results-reconcile': {
    /** `submissionId`: the admin says these are the results of this upload (one of the report's candidates). */
    request: { fileName: string; text: string; encoding: TextEncodingName; submissionId?: string };
    /** `cannot-reconcile`: not a results file CSV Guard can read, or the chosen upload is gone; `error` says which. */
    response: { outcome: 'reconciled'; report: ReconcileReport } | { outcome: 'cannot-reconcile'; error: string };
  };
}

/** Reconciling records results against the history: only the extension's own pages may ask. */
export const RESULTS_MESSAGES: Readonly<MessageSpecs<ResultsProtocol>> = {
  'results-reconcile': {
    from: 'extension',
    request: z.strictObject({
      fileName: z.string().min(1).max(1000),
      text: z.string(),
      encoding: textEncoding,
      submissionId: z.string().min(1).max(200).optional(),
    }),
  },
};
