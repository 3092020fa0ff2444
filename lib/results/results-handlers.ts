import { readCsv } from '../csv/read';
import type { Handlers } from '../messaging/router';
import type { ResultsProtocol } from '../messaging/results-protocol';
import { BUNDLED_TEMPLATE } from '../portal/template';
import { loadSettings } from '../settings';
import { getGuardDb } from '../store/connection';
import { lookupMailboxes } from '../store/lookup';
import { listSubmissions } from '../submissions/history-store';
import { submissionTracker } from '../submissions/slot';
import type { SubmissionTracker } from '../submissions/tracker';
import { isInFlight } from '../submissions/transitions';
import { reconcileResults, type ReconcileInput } from './reconcile';

export interface ResultsDeps {
  tracker: SubmissionTracker;
  /** Email of the existing account for each of these local IDs, from the cached Mailbox Reports. */
  existingAccounts: (localIds: string[]) => Promise<Map<string, string>>;
}

async function existingAccountsFromReports(localIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  try {
    const { mailboxes } = await lookupMailboxes(await getGuardDb(), { localIds, emails: [], nameKeys: [], mobiles: [] });
    for (const m of mailboxes) if (m.localId && !found.has(m.localId)) found.set(m.localId, m.email);
  } catch {
    // No cached report, or storage unavailable: the row's own portal ID still tells us it was meant as an update.
  }
  return found;
}

/**
 * Reconciling the results email runs in the background (the popup only reads the file's bytes), so a
 * big file never freezes the popup. A match moves the submission to results-received, freeing the slot.
 */
export function createResultsHandlers(overrides: Partial<ResultsDeps> = {}): Handlers<keyof ResultsProtocol> {
  const deps: ResultsDeps = { tracker: submissionTracker, existingAccounts: existingAccountsFromReports, ...overrides };
  return {
    'results-reconcile': async ({ fileName, text, encoding }) => {
      const read = readCsv({ text, encoding }, fileName);
      if (!read.ok) return { ok: false, error: read.error.message };
      const settings = await loadSettings();
      const input: ReconcileInput = {
        table: read.table,
        history: await listSubmissions(),
        templateHeader: settings.learntTemplate?.header ?? BUNDLED_TEMPLATE.header,
      };
      let result = reconcileResults(input);
      if (result.ok && result.createdLocalIds.length > 0) {
        const existing = await deps.existingAccounts(result.createdLocalIds);
        if (existing.size > 0) result = reconcileResults({ ...input, existingAccounts: existing });
      }
      if (!result.ok) return { ok: false, error: result.error };

      let slotFreed = false;
      if (result.match) {
        const wasInFlight = isInFlight(result.match.submission);
        await deps.tracker.recordResults(result.match.submission.id, result.outcome, { resultsFileName: fileName });
        slotFreed = wasInFlight;
      }
      return { ok: true, report: { ...result.report, slotFreed } };
    },
  };
}
