import type { SenderInfo } from '../messaging/router';
import type { OpenDb } from '../store/connection';
import { listInFlightSubmissions, listSubmissions, getSubmission, saveSubmissions } from './history-store';
import { createMutex } from './mutex';
import {
  decideAcquire,
  decideTakeOver,
  findHolder,
  historyStamp,
  markUploadLetThrough,
  preparingStaleReason,
  slotStatusFor,
  type AcquireDecision,
} from './slot-rules';
import {
  isDueForExpiry,
  isInFlight,
  markExpired,
  markFinished,
  markProcessing,
  markProcessingUnconfirmed,
  markResultsReceived,
  type ResultsDetails,
} from './transitions';
import type { SlotRequest, SlotStatus, Submission, SubmissionOutcome } from './types';

/** What the tracker needs from the outside world: entrypoints/background.ts passes the browser's, tests their own. */
export interface TrackerDeps {
  /** The database holding the history, and so the slot. */
  openDb: OpenDb;
  now: () => number;
  newId: () => string;
  expiryHours: () => Promise<number>;
  /** The holder's tab now: undefined when it no longer exists. */
  probeTab: (tabId: number) => Promise<{ url?: string } | undefined>;
  browserSession: () => Promise<string | undefined>;
  /** Badge and broadcast after every change. */
  announce: (holder: Submission | undefined) => Promise<void>;
  /** Redraw the badge alone (Chrome forgets it when the browser restarts). */
  showBadge: (holder: Submission | undefined) => Promise<void>;
  rememberTab: (tabId: number) => Promise<void>;
}

export type SubmissionTracker = ReturnType<typeof createSubmissionTracker>;

export interface AcquireOptions {
  /** The history the file was checked against (see slot-rules historyStamp). */
  historyAtCheck?: readonly Submission[];
}

/**
 * What happens to a preparing submission whose tab has gone: one that never reached Upload is dropped
 * (no history of an upload that did not happen); one whose Upload was clicked may be in the portal,
 * so it is kept as processing, unconfirmed.
 */
function retire(submission: Submission, now: number): { put: Submission[]; remove: string[] } {
  return submission.uploadClickedAt !== undefined
    ? { put: [markProcessingUnconfirmed(submission, now)], remove: [] }
    : { put: [], remove: [submission.id] };
}

/**
 * The background's submission tracker: reads persisted state, applies the pure transitions and slot
 * rules, persists, then announces. Everything that reads and then writes the slot runs inside one lock,
 * so two tabs asking at the same moment get one yes and one no. Nothing is kept in memory between
 * calls: a restarted worker carries on from storage.
 */
export function createSubmissionTracker(deps: TrackerDeps) {
  const history = async () => listSubmissions(await deps.openDb());
  const inFlight = async () => listInFlightSubmissions(await deps.openDb());
  const byId = async (id: string) => getSubmission(await deps.openDb(), id);
  const save = async (changes: { put?: Submission[]; remove?: string[] }) => saveSubmissions(await deps.openDb(), changes);
  const exclusive = createMutex();

  /** Expire what is due now, so a stopped worker's missed alarm never keeps the slot held. */
  async function expireDue(now: number): Promise<Submission[]> {
    const hours = await deps.expiryHours();
    const expired: Submission[] = [];
    const dropped: string[] = [];
    for (const s of await inFlight()) {
      if (!isDueForExpiry(s, now, hours)) continue;
      if (s.state === 'processing') expired.push(markExpired(s, now, hours));
      else if (s.uploadClickedAt !== undefined) expired.push(markExpired(markProcessingUnconfirmed(s, now), now, hours));
      else dropped.push(s.id);
    }
    if (expired.length === 0 && dropped.length === 0) return [];
    await save({ put: expired, remove: dropped });
    await deps.announce(findHolder(await inFlight()));
    return expired;
  }

  /** The current holder, after expiring what is due and letting go of a preparing slot whose tab has gone. */
  async function currentHolder(): Promise<Submission | undefined> {
    await expireDue(deps.now());
    const holder = findHolder(await inFlight());
    if (!holder || holder.state !== 'preparing') return holder;
    const now = deps.now();
    const [tab, sessionId, expiryHours] = await Promise.all([
      holder.tabId !== undefined ? deps.probeTab(holder.tabId) : Promise.resolve(undefined),
      deps.browserSession(),
      deps.expiryHours(),
    ]);
    const reason = preparingStaleReason(holder, {
      tabExists: tab !== undefined,
      ...(tab?.url !== undefined ? { tabUrl: tab.url } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
      now,
      maxPreparingMs: expiryHours * 3_600_000,
    });
    if (!reason) return holder;
    const changes = retire(holder, now);
    await save(changes);
    const next = changes.put[0];
    await deps.announce(next);
    return next;
  }

  async function claim(decide: typeof decideAcquire, request: SlotRequest, sender: SenderInfo, options: AcquireOptions): Promise<AcquireDecision> {
    await noteTab(sender);
    const holder = await currentHolder();
    if (options.historyAtCheck && historyStamp(options.historyAtCheck) !== historyStamp(await history())) {
      return { granted: false, slot: slotStatusFor(holder, sender.tabId), recheck: true };
    }
    const sessionId = await deps.browserSession();
    const decision = decide(
      holder,
      request,
      {
        id: deps.newId(),
        ...(sender.tabId !== undefined ? { tabId: sender.tabId } : {}),
        ...(sender.url !== undefined ? { pageUrl: sender.url } : {}),
        ...(sessionId !== undefined ? { sessionId } : {}),
      },
      deps.now(),
    );
    if (decision.granted) {
      await save({ put: [decision.submission], ...(decision.replaces ? { remove: [decision.replaces.id] } : {}) });
      await deps.announce(decision.submission);
    }
    return decision;
  }

  async function noteTab(sender: SenderInfo): Promise<void> {
    if (sender.tabId !== undefined) await deps.rememberTab(sender.tabId);
  }

  async function change(id: string, apply: (s: Submission) => Submission): Promise<Submission> {
    const before = await byId(id);
    if (!before) throw new Error('CSV Guard has no record of that upload any more. Reload the page and check the file again.');
    const after = apply(before);
    if (after !== before) {
      await save({ put: [after] });
      await deps.announce(findHolder(await inFlight()));
    }
    return after;
  }

  return {
    /** The slot as the asking tab sees it. */
    status(sender: SenderInfo = {}): Promise<SlotStatus> {
      return exclusive(async () => {
        await noteTab(sender);
        const holder = await currentHolder();
        // Every page that opens asks this first, so the badge is right again soon after a browser restart.
        await deps.showBadge(holder);
        return slotStatusFor(holder, sender.tabId);
      });
    },

    /**
     * Ask to upload a file. Atomic: see slot-rules decideAcquire. `historyAtCheck` is the history the
     * file was checked against: when it has changed since, the answer is `recheck` (re-judge first).
     */
    acquire(request: SlotRequest, sender: SenderInfo = {}, options: AcquireOptions = {}): Promise<AcquireDecision> {
      return exclusive(() => claim(decideAcquire, request, sender, options));
    },

    /** "Upload from this tab instead": see slot-rules decideTakeOver. */
    takeOver(request: SlotRequest, sender: SenderInfo = {}, options: AcquireOptions = {}): Promise<AcquireDecision> {
      return exclusive(() => claim(decideTakeOver, request, sender, options));
    },

    /** The tab gave up before uploading. Only a preparing submission is released; it leaves no history. */
    release(submissionId: string, sender: SenderInfo = {}): Promise<boolean> {
      return exclusive(async () => {
        await noteTab(sender);
        const submission = await byId(submissionId);
        if (!submission || submission.state !== 'preparing') return false;
        await save({ remove: [submission.id] });
        await deps.announce(findHolder(await inFlight()));
        return true;
      });
    },

    /** The tab let the Upload click through: the submission is in flight (processing, unconfirmed) from now on. */
    markUploadClicked(submissionId: string, sender: SenderInfo = {}): Promise<Submission> {
      return exclusive(async () => {
        await noteTab(sender);
        return change(submissionId, (s) => markUploadLetThrough(s, deps.now()));
      });
    },

    /** The portal confirmed the upload. */
    markProcessing(submissionId: string, sender: SenderInfo = {}): Promise<Submission> {
      return exclusive(async () => {
        await noteTab(sender);
        return change(submissionId, (s) => markProcessing(s, deps.now()));
      });
    },

    /** The admin says the portal has finished. */
    finish(submissionId: string): Promise<Submission> {
      return exclusive(() => change(submissionId, (s) => markFinished(s, deps.now())));
    },

    /** The results email was reconciled against this submission: record the outcome, free the slot. */
    recordResults(submissionId: string, outcome: SubmissionOutcome, details: ResultsDetails): Promise<Submission> {
      return exclusive(() => change(submissionId, (s) => markResultsReceived(s, outcome, details, deps.now())));
    },

    /** Expire processing submissions with no results in time; give up idle preparing ones. */
    expire(now: number = deps.now()): Promise<Submission[]> {
      return exclusive(() => expireDue(now));
    },

    /**
     * A tab closed: a preparing slot it held is released; a processing one stays (the portal is working),
     * and so does one whose Upload was clicked (it becomes processing, unconfirmed). True when released.
     */
    releaseForClosedTab(tabId: number): Promise<boolean> {
      return exclusive(async () => {
        const mine = (await inFlight()).filter((s) => s.state === 'preparing' && s.tabId === tabId);
        if (mine.length === 0) return false;
        const now = deps.now();
        const changes = mine.map((s) => retire(s, now));
        await save({ put: changes.flatMap((c) => c.put), remove: changes.flatMap((c) => c.remove) });
        await deps.announce(findHolder(await inFlight()));
        return changes.some((c) => c.remove.length > 0);
      });
    },

    /** Redraw the badge from storage (after a browser restart the badge is blank). */
    refreshIndicators(): Promise<SlotStatus> {
      return exclusive(async () => {
        const holder = await currentHolder();
        await deps.announce(holder);
        return slotStatusFor(holder, undefined);
      });
    },

    history(): Promise<Submission[]> {
      return history();
    },

    isInFlight,
  };
}
