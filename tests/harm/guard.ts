import { checkHandlerDeps, createCheckHandlers } from '../../lib/background/check-handlers';
import { CheckRuns } from '../../lib/background/check-runs';
import type { Finding } from '../../lib/checks/types';
import type { CheckReport, ExportedFile, ExportKind } from '../../lib/messaging/checks-protocol';
import type { SenderInfo } from '../../lib/messaging/router';
import { acknowledgeEveryKind, NOTHING_ACKNOWLEDGED } from '../../lib/page/acknowledgement';
import { INITIAL_STATE, type GuardState } from '../../lib/page/guard-state';
import { readUserFile } from '../../lib/csv/read-file';
import { sendTextInSlices } from '../../lib/page/text-slices';
import type { SendToBackground } from '../../lib/page/upload-guard';
import { decideUpload, type UploadDecision } from '../../lib/page/upload-decision';
import { createResultsHandlers, existingAccountsIn } from '../../lib/results/results-handlers';
import type { ReconcileReport } from '../../lib/results/types';
import { DB_NAME } from '../../lib/store/db';
import { createDbConnection } from '../../lib/store/connection';
import { importMailboxReport } from '../../lib/store/import-report';
import { createSubmissionHandlers } from '../../lib/submissions/submission-handlers';
import { createSubmissionTracker } from '../../lib/submissions/tracker';
import type { Submission } from '../../lib/submissions/types';
import { memoryArea } from '../../lib/browser/key-value-area';
import { createSettingsStore } from '../../lib/settings';
import { mailboxReportCsv, type Person } from '../support/generate';
import type { ReplicaAccount } from '../portal-replica/directory';
import { ImportsInProgress } from '../../lib/store/imports-in-progress';
import { LookupCache } from '../../lib/store/lookup-cache';
import { RecordedRowsCache } from '../../lib/checks/recorded-rows';

export const UPLOAD_PAGE = 'https://portal.nhs.net/Admin#/csv-upload';

/** One portal tab with CSV Guard's content script: the page's state, as UploadGuard keeps it. */
export interface Tab {
  id: number;
  state: GuardState;
  fileName?: string;
  bytes?: Uint8Array;
}

/**
 * The extension as the admin meets it, driven through the same lib/ code the built extension runs:
 * the background's handlers wired as entrypoints/background.ts wires them (check pipeline and kept
 * checks, exports, the submission tracker and its upload slot, results reconciliation), storage in
 * IndexedDB (fake-indexeddb in Node), and the page's own upload decision (lib/page/upload-decision).
 * Only the DOM is left out: the admin's clicks arrive as calls.
 */
export class GuardedBrowser {
  private readonly runs = new CheckRuns();
  private readonly openTabs = new Map<number, string>();
  private ids = 0;
  private readonly lookupCache = new LookupCache();
  private readonly openDb = createDbConnection({ onClose: () => this.lookupCache.clear() });
  private readonly imports = new ImportsInProgress();
  private readonly settings = createSettingsStore(memoryArea());
  readonly tracker = createSubmissionTracker({
    openDb: this.openDb,
    now: () => Date.now(),
    newId: () => `submission-${++this.ids}`,
    expiryHours: async () => (await this.settings.load()).submissionExpiryHours,
    probeTab: async (tabId) => (this.openTabs.has(tabId) ? { url: this.openTabs.get(tabId)! } : undefined),
    browserSession: async () => 'harm-session',
    announce: async () => undefined,
    showBadge: async () => undefined,
    rememberTab: async () => undefined,
  });
  private readonly checks = createCheckHandlers({
    ...checkHandlerDeps({
      openDb: this.openDb,
      lookupCache: this.lookupCache,
      recordedRows: new RecordedRowsCache(),
      settings: this.settings,
      runs: this.runs,
      notifyTab: () => undefined,
      openReportImport: async () => undefined,
    }),
  });
  private readonly submissions = createSubmissionHandlers({
    tracker: this.tracker,
    checkedUpload: (checkId) => this.runs.slotRequestFor(checkId),
    checkedHistory: () => undefined,
  });
  private readonly results = createResultsHandlers({
    tracker: this.tracker,
    loadSettings: this.settings.load,
    existingAccounts: existingAccountsIn(this.openDb, this.lookupCache),
  });

  /** A fresh profile: no cached report, no history. */
  static async start(): Promise<GuardedBrowser> {
    await deleteStorage();
    return new GuardedBrowser();
  }

  openTab(): Tab {
    const id = this.openTabs.size + 1;
    this.openTabs.set(id, UPLOAD_PAGE);
    return { id, state: { ...INITIAL_STATE, recognised: 'yes' } };
  }

  private sender(tab: Tab): SenderInfo {
    return { tabId: tab.id, url: UPLOAD_PAGE };
  }

  /** Options page → import a Mailbox Report downloaded from the portal. */
  async importReport(accounts: readonly (Person | ReplicaAccount)[]): Promise<void> {
    await importMailboxReport(
      await this.openDb(),
      { orgLabel: 'Harm Trust', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(accounts as Person[]) },
      { imports: this.imports, lookupCache: this.lookupCache },
    );
  }

  /** The admin chooses a file in the tab: read as the content script reads it, checked by the background. */
  async choose(tab: Tab, fileName: string, bytes: Uint8Array): Promise<void> {
    tab.fileName = fileName;
    tab.bytes = bytes;
    tab.state = {
      ...tab.state,
      check: { kind: 'checking', fileName, phase: 'reading', fraction: 0 },
      acknowledged: NOTHING_ACKNOWLEDGED,
      submissionId: undefined,
      upload: 'no',
    };
    const { text, encoding } = await readUserFile(new Blob([new Uint8Array(bytes)]));
    // As the content script sends it: the text in slices, then the check, under the file's one id.
    const checkId = `check-${++this.ids}`;
    const send = ((type: 'check-upload-part', data: { checkId: string; index: number; count: number; text: string }) =>
      Promise.resolve(this.checks[type](data, this.sender(tab)))) as unknown as SendToBackground;
    const partCount = await sendTextInSlices(send, checkId, text);
    const answer = await this.checks['check-upload']({ checkId, fileName, encoding, partCount }, this.sender(tab));
    if (answer.outcome !== 'checked') {
      tab.state = { ...tab.state, check: { kind: 'error', fileName, message: answer.error, retryable: false, cause: 'internal' } };
      return;
    }
    tab.state = { ...tab.state, check: { kind: 'done', report: answer.report } };
    // As the page does next: the slot's status, asked on its own once the check has answered.
    const slot = await this.submissions['slot-status']({}, this.sender(tab));
    tab.state = { ...tab.state, slot };
  }

  report(tab: Tab): CheckReport | undefined {
    return tab.state.check.kind === 'done' ? tab.state.check.report : undefined;
  }

  /** Every finding of the check ("Show all" on each group). */
  async findings(tab: Tab): Promise<Finding[]> {
    const report = this.report(tab);
    if (!report) return [];
    const all: Finding[] = [];
    for (const group of report.groups) {
      for (let offset = 0; ; offset += 500) {
        const page = await this.checks['check-findings']({ checkId: report.checkId, rule: group.rule, offset, limit: 500 }, this.sender(tab));
        if (page.outcome === 'check-unknown') throw new Error('the background lost the check');
        all.push(...page.findings);
        if (offset + 500 >= page.total) break;
      }
    }
    return all;
  }

  async exportFile(tab: Tab, kind: ExportKind): Promise<ExportedFile[]> {
    const report = this.report(tab);
    if (!report) return [];
    const answer = await this.checks['export-file']({ checkId: report.checkId, kind, fileName: report.fileName }, this.sender(tab));
    if (answer.outcome === 'check-unknown') throw new Error('the background lost the check');
    return answer.files;
  }

  /**
   * The admin ticks every kind of risk the panel lets them tick as a whole (lib/page/acknowledgement).
   * Rows that would overwrite another person's account have no such tick: they stay held until each is
   * acknowledged on its own or the file goes without them.
   */
  acknowledge(tab: Tab): void {
    const report = this.report(tab);
    if (report) tab.state = { ...tab.state, acknowledged: acknowledgeEveryKind(report.risks, tab.state.acknowledged) };
  }

  /** The page decides an Upload click from its state alone (lib/page/upload-decision); the input holds the checked file. */
  decide(tab: Tab): UploadDecision {
    return decideUpload(tab.state, 'checked');
  }

  /** The held click asks the background for the upload slot; true when granted (the click is then replayed). */
  async acquire(tab: Tab): Promise<boolean> {
    const report = this.report(tab);
    if (!report) return false;
    const answer = await this.submissions['slot-acquire']({ checkId: report.checkId }, this.sender(tab));
    if (answer.outcome === 'granted') {
      tab.state = {
        ...tab.state,
        slot: { state: 'held', yours: true, submission: answer.submission },
        submissionId: answer.submission.id,
        ownSubmissionIds: [...tab.state.ownSubmissionIds, answer.submission.id],
      };
      return true;
    }
    tab.state = { ...tab.state, slot: answer.slot, heldClicks: tab.state.heldClicks + 1 };
    return false;
  }

  /** Upload went through (UploadGuard.afterUploadAllowed). */
  async uploadClicked(tab: Tab): Promise<void> {
    tab.state = { ...tab.state, upload: 'clicked' };
    if (tab.state.submissionId) await this.submissions['submission-upload-clicked']({ submissionId: tab.state.submissionId }, this.sender(tab));
  }

  /** The portal's success notification appeared. */
  async portalConfirmed(tab: Tab): Promise<void> {
    tab.state = { ...tab.state, upload: 'confirmed' };
    if (!tab.state.submissionId) return;
    const submission = await this.submissions['submission-processing']({ submissionId: tab.state.submissionId }, this.sender(tab));
    tab.state = { ...tab.state, slot: { state: 'held', yours: true, submission } };
  }

  /** Popup → reconcile the results email. */
  async reconcile(fileName: string, csv: string): Promise<ReconcileReport | undefined> {
    const answer = await this.results['results-reconcile']({ fileName, text: csv, encoding: 'utf-8' }, {});
    return answer.outcome === 'reconciled' ? answer.report : undefined;
  }

  /** Popup → "Mark as finished" on whatever is processing. */
  async markFinished(): Promise<void> {
    for (const s of await this.history()) {
      if (s.state === 'processing') await this.submissions['submission-finish']({ submissionId: s.id }, {});
    }
  }

  /** The hourly alarm. */
  async expire(): Promise<void> {
    await this.tracker.expire();
  }

  history(): Promise<Submission[]> {
    return this.tracker.history();
  }
}

async function deleteStorage(): Promise<void> {
  // A previous run's connection closes itself on versionchange, so the delete is not blocked.
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
    request.onblocked = () => undefined;
  });
}
