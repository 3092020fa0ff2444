import { readCsv } from '../csv/read';
import type { Handlers } from '../messaging/router';
import type { ResultsProtocol } from '../messaging/results-protocol';
import { emailKey, localIdKey } from '../portal/normalize';
import { BUNDLED_TEMPLATE } from '../portal/template';
import type { Settings } from '../settings';
import type { OpenDb } from '../store/connection';
import { lookupMailboxes } from '../store/lookup';
import type { LookupCache } from '../store/lookup-cache';
import type { SubmissionTracker } from '../submissions/tracker';
import { isInFlight } from '../submissions/transitions';
import type { ExistingAccount } from '../submissions/types';
import { reconcileResults, type ExistingAccounts, type ReconcileInput } from './reconcile';

export interface ResultsDeps {
  /** The history the results are matched against, and where the outcome is recorded. */
  tracker: SubmissionTracker;
  loadSettings: () => Promise<Settings>;
  /**
   * Existing accounts in the cached Mailbox Reports for these local IDs and emails. `before`: only
   * reports produced before this time (a report taken after the upload holds the new accounts too).
   */
  existingAccounts: (keys: { localIds: string[]; emails: string[] }, before?: number) => Promise<ExistingAccounts>;
}

/** ResultsDeps['existingAccounts'] from the cached Mailbox Reports in this database. */
export function existingAccountsIn(openDb: OpenDb, lookupCache: LookupCache): ResultsDeps['existingAccounts'] {
  return (keys, before) => existingAccountsFromReports(openDb, lookupCache, keys, before);
}

async function existingAccountsFromReports(
  openDb: OpenDb,
  lookupCache: LookupCache,
  keys: { localIds: string[]; emails: string[] },
  before?: number,
): Promise<ExistingAccounts> {
  const byLocalId = new Map<string, ExistingAccount>();
  const byEmail = new Map<string, ExistingAccount>();
  try {
    const { mailboxes, reports } = await lookupMailboxes(await openDb(), lookupCache, {
      localIds: keys.localIds,
      emails: keys.emails,
      nameKeys: [],
      mobiles: [],
    });
    const usable = new Set(reports.filter((r) => before === undefined || (r.generatedAt ?? r.importedAt) <= before).map((r) => r.orgId));
    for (const m of mailboxes) {
      if (!usable.has(m.orgId)) continue;
      const account: ExistingAccount = { email: m.email, localId: m.localId, ...(m.displayName ? { displayName: m.displayName } : {}) };
      const id = localIdKey(m.localId);
      if (id && !byLocalId.has(id)) byLocalId.set(id, account);
      const email = emailKey(m.email);
      if (email && !byEmail.has(email)) byEmail.set(email, account);
    }
  } catch {
    // No cached report, or storage unavailable: the check's own matches and the row's portal ID still tell.
  }
  return { byLocalId, byEmail };
}

/**
 * Reconciling the results email runs in the background (the page only reads the file's bytes), so a
 * big file never freezes it. A match moves the submission to results-received, freeing the slot; a
 * possible match is only offered, and the admin's choice comes back as `submissionId`.
 */
export function createResultsHandlers(deps: ResultsDeps): Handlers<keyof ResultsProtocol> {
  return {
    'results-reconcile': async ({ fileName, text, encoding, submissionId }) => {
      const read = readCsv({ text, encoding }, fileName);
      if (!read.ok) return { outcome: 'cannot-reconcile', error: read.error.message };
      const settings = await deps.loadSettings();
      const input: ReconcileInput = {
        table: read.table,
        history: await deps.tracker.history(),
        templateHeader: settings.learntTemplate?.header ?? BUNDLED_TEMPLATE.header,
        ...(submissionId !== undefined ? { submissionId } : {}),
      };
      let result = reconcileResults(input);
      if (result.ok && (result.createdKeys.localIds.length > 0 || result.createdKeys.emails.length > 0)) {
        const uploadedAt = result.match?.submission.processingAt ?? result.match?.submission.uploadClickedAt;
        const existing = await deps.existingAccounts(result.createdKeys, uploadedAt);
        if (existing.byLocalId.size > 0 || existing.byEmail.size > 0) result = reconcileResults({ ...input, existingAccounts: existing });
      }
      if (!result.ok) return { outcome: 'cannot-reconcile', error: result.error };

      let slotFreed = false;
      if (result.match) {
        const wasInFlight = isInFlight(result.match.submission);
        await deps.tracker.recordResults(result.match.submission.id, result.outcome, { resultsFileName: fileName });
        slotFreed = wasInFlight;
      }
      return { outcome: 'reconciled', report: { ...result.report, slotFreed } };
    },
  };
}
