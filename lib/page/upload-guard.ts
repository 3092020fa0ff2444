import type { Finding, RuleId } from '../checks/types';
import type { DecodedText } from '../csv/types';
import type { ExportedFile, ExportKind, ManualSelectors } from '../messaging/checks-protocol';
import { isCheckProgressEvent } from '../messaging/checks-protocol';
import type { MessageType, RequestOf, ResponseOf } from '../messaging/protocol';
import type { SlotChangedEvent } from '../messaging/submissions-protocol';
import { observePortalChanges } from './dom-changes';
import { INITIAL_STATE, type GuardState } from './guard-state';
import { learnTemplate } from './sample-template';
import { watchUploadSuccess } from './success-notification';
import { sendTextInSlices } from './text-slices';
import { classifyClick, findUploadView, type UploadView } from './upload-controls';
import { decideUpload } from './upload-decision';
import { looksLikeUploadPage } from './upload-page-hint';
import { watchValidationAnswer } from './validation-watch';

export type SendToBackground = <K extends MessageType>(type: K, data: RequestOf<K>) => Promise<ResponseOf<K>>;

/** Where an end-to-end test may force an internal error (only wired in the e2e build). */
export type ForcedErrorPoint = 'check' | 'click';

export interface UploadGuardDeps {
  doc: Document;
  send: SendToBackground;
  readFile: (file: File) => Promise<DecodedText>;
  /** Same-origin fetch of the page's sample file. */
  fetchText: (url: string) => Promise<string>;
  /** Hand a corrected file to the browser's download. */
  download: (file: ExportedFile) => void;
  newRequestId: () => string;
  forcedError?: () => ForcedErrorPoint | undefined;
  /** Called after each look at the page, so the panel can be (re)attached next to the form. */
  onLayout?: (view: UploadView | undefined, state: GuardState) => void;
  timing?: Partial<GuardTiming>;
}

export interface GuardTiming {
  /** Pause after the portal changes the page before looking for the view again. */
  refreshDelayMs: number;
  /** How long an upload-looking page may go without recognisable controls before saying so. */
  notRecognisedAfterMs: number;
  /** A check with no word from the background for this long has failed (the worker was stopped). */
  checkSilenceMs: number;
  /** After Validate, how long to wait for the "will be updated" message once the results render. */
  validationSettleMs: number;
  /** Give the sample file this long before checking with the template already known. */
  templateWaitMs: number;
  /** A view that disappears without a hash navigation is only forgotten after this long (the app may be re-rendering). */
  reRenderGraceMs: number;
}

const DEFAULT_TIMING: GuardTiming = {
  refreshDelayMs: 100,
  notRecognisedAfterMs: 3000,
  checkSilenceMs: 60_000,
  validationSettleMs: 3000,
  templateWaitMs: 3000,
  reRenderGraceMs: 2000,
};

/** The file being checked, kept so exports and "Try again" need no second read. */
interface ChosenFile {
  file?: File;
  fileName: string;
  decoded?: DecodedText;
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() || 'an unexpected error';
}

/**
 * The Upload Users page integration, free of any UI framework: finds the view as the single-page app
 * renders it, checks each chosen file through the background, holds Upload while it would duplicate
 * accounts or while another submission is in flight, reads the portal's validation answer and its
 * success notification. Every handler is wrapped: an error shows in the panel and the click goes through.
 */
export class UploadGuard {
  private state: GuardState = INITIAL_STATE;
  private readonly listeners = new Set<(state: GuardState) => void>();
  private readonly cleanups: (() => void)[] = [];
  private readonly timing: GuardTiming;
  private selectors: ManualSelectors = {};
  private view: UploadView | undefined;
  private chosen: ChosenFile | undefined;
  private checkSeq = 0;
  private requestId: string | undefined;
  private bypass: HTMLElement | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private notRecognisedTimer: ReturnType<typeof setTimeout> | undefined;
  private leaveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The hash route the view was found on; undefined while CSV Guard is not on the view. */
  private enteredHash: string | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopValidationWatch: (() => void) | undefined;
  private stopSuccessWatch: (() => void) | undefined;
  private templateLearning: Promise<void> | undefined;

  constructor(private readonly deps: UploadGuardDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  getState(): GuardState {
    return this.state;
  }

  getView(): UploadView | undefined {
    return this.view;
  }

  subscribe(listener: (state: GuardState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start watching the page. Listeners are in the capture phase so the decision comes before the portal's own. */
  start(selectors: ManualSelectors = {}): void {
    this.selectors = selectors;
    const { doc } = this.deps;
    const win = doc.defaultView;
    const onClick = (event: Event) => this.onClick(event);
    const onChange = (event: Event) => this.safely(() => this.onChange(event));
    const onHashChange = () => this.scheduleRefresh();
    const onPageHide = () => this.safely(() => this.releaseSlot());
    const target: EventTarget = win ?? doc;
    target.addEventListener('click', onClick, true);
    target.addEventListener('change', onChange, true);
    win?.addEventListener('hashchange', onHashChange);
    win?.addEventListener('pagehide', onPageHide);
    this.cleanups.push(() => {
      target.removeEventListener('click', onClick, true);
      target.removeEventListener('change', onChange, true);
      win?.removeEventListener('hashchange', onHashChange);
      win?.removeEventListener('pagehide', onPageHide);
    });
    this.cleanups.push(observePortalChanges(doc.documentElement, () => this.scheduleRefresh()));
    this.refresh();
  }

  /** Stop everything (the extension was reloaded or the page is going away). */
  stop(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    clearTimeout(this.refreshTimer);
    clearTimeout(this.notRecognisedTimer);
    clearTimeout(this.leaveTimer);
    clearTimeout(this.silenceTimer);
    this.stopValidationWatch?.();
    this.stopSuccessWatch?.();
    this.listeners.clear();
  }

  /** Messages from the background: slot broadcasts and progress of our check. */
  handleMessage(message: unknown): void {
    this.safely(() => {
      if (isCheckProgressEvent(message)) {
        const check = this.state.check;
        if (check.kind !== 'checking' || (message.requestId && message.requestId !== this.requestId)) return;
        this.armSilenceTimer();
        this.set({ check: { ...check, phase: message.phase, fraction: Math.max(check.fraction, message.fraction) } });
        return;
      }
      if (isSlotChanged(message)) this.set({ slot: message.slot });
    });
  }

  /** The admin ticked or cleared "I understand that N rows will create new accounts". */
  acknowledge(checked: boolean): void {
    this.set({ acknowledged: checked });
  }

  /** Check the same file again (after the background stopped or failed). */
  retry(): void {
    const chosen = this.chosen;
    if (chosen) void this.checkFile(chosen);
  }

  /** Build and download a corrected file from the background's copy of the check (re-sent if the worker lost it). */
  async exportFile(kind: ExportKind): Promise<void> {
    const check = this.state.check;
    if (check.kind !== 'done' || !this.chosen?.decoded) return;
    const { checkId, fileName } = check.report;
    this.set({ exporting: kind, exportError: undefined });
    try {
      const { files } = await this.askAboutCheck(checkId, () => this.deps.send('export-file', { checkId, kind, fileName }));
      for (const file of files) this.deps.download(file);
      this.set({ exporting: undefined });
    } catch (error) {
      this.set({ exporting: undefined, exportError: errorMessage(error) });
    }
  }

  /** A page of one rule's findings of the current check, for the panel's "Show all". */
  async loadFindings(rule: RuleId, offset: number, limit: number): Promise<{ findings: Finding[]; total: number }> {
    const check = this.state.check;
    if (check.kind !== 'done') return { findings: [], total: 0 };
    const { checkId } = check.report;
    const page = await this.askAboutCheck(checkId, () => this.deps.send('check-findings', { checkId, rule, offset, limit }));
    if (page.checkUnknown) throw new Error("CSV Guard's background no longer has this check; choose the file again.");
    return { findings: page.findings, total: page.total };
  }

  /**
   * Ask the background about a check it keeps. A worker that was stopped since has lost it: then send
   * the file again under the same check id (the answer is the same check) and ask once more.
   */
  private async askAboutCheck<T extends object>(checkId: string, ask: () => Promise<T>): Promise<T> {
    const first = await ask();
    if (!('checkUnknown' in first && first.checkUnknown === true)) return first;
    const chosen = this.chosen;
    if (!chosen?.decoded) return first;
    const requestId = this.deps.newRequestId();
    const partCount = await sendTextInSlices(this.deps.send, requestId, chosen.decoded.text);
    const again = await this.deps.send('check-upload', { fileName: chosen.fileName, encoding: chosen.decoded.encoding, requestId, partCount, checkId });
    if (!again.ok) throw new Error(again.error);
    return ask();
  }

  // ---- page recognition -------------------------------------------------

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, this.timing.refreshDelayMs);
  }

  /** Look for the view again: the app renders late, re-renders, and navigates by hash without reloading. */
  private refresh(): void {
    this.safely(() => {
      const { doc } = this.deps;
      const view = findUploadView(doc, this.selectors);
      this.view = view;
      if (view) {
        clearTimeout(this.notRecognisedTimer);
        clearTimeout(this.leaveTimer);
        this.notRecognisedTimer = this.leaveTimer = undefined;
        if (this.enteredHash === undefined) this.enterView(view);
        else if (this.state.recognised !== 'yes') this.set({ recognised: 'yes' });
      } else if (this.enteredHash !== undefined) {
        this.viewWentAway();
      } else {
        this.noteUnrecognised();
      }
      this.deps.onLayout?.(this.view, this.state);
    });
  }

  private enterView(view: UploadView): void {
    this.enteredHash = this.deps.doc.location?.hash ?? '';
    this.set({ recognised: 'yes' });
    this.templateLearning ??= this.learnTemplate();
    // Asking also tells the background this tab wants slot-changed broadcasts.
    void this.deps.send('slot-status', {}).then(
      (slot) => this.set({ slot }),
      () => undefined,
    );
    // A file may already be chosen (the view was re-rendered, or chosen before CSV Guard started).
    const file = view.fileInput.files?.[0];
    if (file && this.state.check.kind === 'idle') void this.checkFile({ file, fileName: file.name });
  }

  /**
   * The view is gone. After a hash navigation the admin has left; otherwise the app may only be
   * re-rendering (a spinner while it validates), so wait a moment before forgetting the file.
   */
  private viewWentAway(): void {
    if ((this.deps.doc.location?.hash ?? '') !== this.enteredHash) {
      this.leaveView();
      this.noteUnrecognised();
      return;
    }
    if (this.state.recognised === 'yes') this.set({ recognised: 'unknown' });
    this.leaveTimer ??= setTimeout(() => {
      this.leaveTimer = undefined;
      this.safely(() => {
        if (this.view) return;
        this.leaveView();
        this.noteUnrecognised();
        this.deps.onLayout?.(undefined, this.state);
      });
    }, this.timing.reRenderGraceMs);
  }

  /** The admin navigated away (or the view stayed gone): give up the slot and forget the file. */
  private leaveView(): void {
    clearTimeout(this.leaveTimer);
    this.leaveTimer = undefined;
    this.enteredHash = undefined;
    this.releaseSlot();
    this.stopValidationWatch?.();
    this.chosen = undefined;
    this.checkSeq++;
    clearTimeout(this.silenceTimer);
    this.set({
      ...INITIAL_STATE,
      slot: this.state.slot,
      ownSubmissionIds: this.state.ownSubmissionIds,
      upload: this.state.upload === 'clicked' ? 'clicked' : 'no',
    });
  }

  private noteUnrecognised(): void {
    if (!looksLikeUploadPage(this.deps.doc)) {
      clearTimeout(this.notRecognisedTimer);
      this.notRecognisedTimer = undefined;
      if (this.state.recognised !== 'unknown') this.set({ recognised: 'unknown' });
      return;
    }
    if (this.state.recognised === 'no' || this.notRecognisedTimer !== undefined) return;
    // The view may still be rendering: only say so once it has had time to appear.
    this.notRecognisedTimer = setTimeout(() => {
      this.notRecognisedTimer = undefined;
      this.safely(() => {
        if (this.view || !looksLikeUploadPage(this.deps.doc)) return;
        this.set({ recognised: 'no' });
        this.deps.onLayout?.(undefined, this.state);
      });
    }, this.timing.notRecognisedAfterMs);
    if (this.state.recognised === 'yes') this.set({ recognised: 'unknown' });
  }

  private async learnTemplate(): Promise<void> {
    try {
      const learnt = await learnTemplate(this.deps.doc, this.deps.fetchText);
      if (learnt) await this.deps.send('template-learnt', learnt);
    } catch {
      // The bundled template (or the last one learnt) is used instead; nothing for the admin to do.
    }
  }

  // ---- the chosen file --------------------------------------------------

  private onChange(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !this.view) return;
    const file = input.files?.[0];
    this.releaseSlot();
    this.stopValidationWatch?.();
    if (!file) {
      this.chosen = undefined;
      this.checkSeq++;
      this.set({ check: { kind: 'idle' }, acknowledged: false, validation: { kind: 'none' }, submissionId: undefined, upload: 'no' });
      return;
    }
    void this.checkFile({ file, fileName: file.name });
  }

  private async checkFile(chosen: ChosenFile): Promise<void> {
    const seq = ++this.checkSeq;
    const requestId = this.deps.newRequestId();
    this.chosen = chosen;
    this.requestId = requestId;
    this.set({
      check: { kind: 'checking', fileName: chosen.fileName, phase: 'reading', fraction: 0 },
      acknowledged: false,
      validation: { kind: 'none' },
      submissionId: undefined,
      upload: 'no',
      exportError: undefined,
    });
    this.armSilenceTimer();
    try {
      if (this.deps.forcedError?.() === 'check') throw new Error('a test asked CSV Guard to fail here');
      if (!chosen.decoded) {
        if (!chosen.file) throw new Error('the file is no longer available; choose it again');
        chosen.decoded = await this.deps.readFile(chosen.file);
      }
      await this.waitForTemplate();
      if (seq !== this.checkSeq) return;
      const { text, encoding } = chosen.decoded;
      // In slices: one large message was the page's longest task. Reading is the first 5% of the progress bar.
      const partCount = await sendTextInSlices(this.deps.send, requestId, text, (sent, count) => {
        const check = this.state.check;
        if (seq === this.checkSeq && check.kind === 'checking' && check.phase === 'reading') {
          this.set({ check: { ...check, fraction: Math.max(check.fraction, (0.05 * sent) / count) } });
        }
      });
      if (seq !== this.checkSeq) return;
      const answer = await this.deps.send('check-upload', { fileName: chosen.fileName, encoding, requestId, partCount });
      if (seq !== this.checkSeq) return;
      clearTimeout(this.silenceTimer);
      if (!answer.ok) {
        this.set({ check: { kind: 'error', fileName: chosen.fileName, message: answer.error, retryable: false } });
        return;
      }
      this.set({ check: { kind: 'done', report: answer.report }, slot: answer.report.slot });
    } catch (error) {
      if (seq !== this.checkSeq) return;
      clearTimeout(this.silenceTimer);
      this.set({ check: { kind: 'error', fileName: chosen.fileName, message: errorMessage(error), retryable: true } });
    }
  }

  private async waitForTemplate(): Promise<void> {
    if (!this.templateLearning) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timing.templateWaitMs)));
    await Promise.race([this.templateLearning, timeout]);
    clearTimeout(timer);
  }

  /** A stopped worker may never answer: after a long silence the check ends in a state the admin can retry. */
  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    const seq = this.checkSeq;
    this.silenceTimer = setTimeout(() => {
      if (seq !== this.checkSeq || this.state.check.kind !== 'checking') return;
      this.checkSeq++;
      this.set({
        check: { kind: 'error', fileName: this.chosen?.fileName, message: "CSV Guard's background stopped answering before the check finished.", retryable: true },
      });
    }, this.timing.checkSilenceMs);
  }

  // ---- clicks -----------------------------------------------------------

  private onClick(event: Event): void {
    let clicked: ReturnType<typeof classifyClick>;
    try {
      if (!this.view) return;
      clicked = classifyClick(event.target, this.selectors);
      if (!clicked) return;
      if (this.bypass === clicked.control) {
        this.bypass = undefined; // our own replay of a click we held: let it through untouched
        this.afterUploadAllowed();
        return;
      }
      if (this.deps.forcedError?.() === 'click') throw new Error('a test asked CSV Guard to fail here');
      if (clicked.kind === 'validate') return this.onValidate();
      this.onUpload(event, clicked.control);
    } catch (error) {
      // The click goes through as if CSV Guard were absent; the panel says what went wrong.
      this.set({ check: { kind: 'error', fileName: this.chosen?.fileName, message: errorMessage(error), retryable: Boolean(this.chosen) } });
    }
  }

  private onValidate(): void {
    this.stopValidationWatch?.();
    this.set({ validation: { kind: 'waiting' } });
    this.stopValidationWatch = watchValidationAnswer(
      this.deps.doc,
      (answer) => this.set({ validation: { kind: 'read', answer } }),
      { settleMs: this.timing.validationSettleMs },
    );
    // The admin is preparing to upload: take the slot now, so another tab hears of it early.
    const check = this.state.check;
    if (check.kind === 'done' && this.state.upload === 'no' && !this.state.submissionId) void this.acquireSlot().catch(() => undefined);
  }

  private onUpload(event: Event, control: HTMLElement): void {
    const decision = decideUpload(this.state);
    if (decision.kind === 'allow') {
      this.afterUploadAllowed();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (decision.kind === 'hold') {
      this.set({ heldClicks: this.state.heldClicks + 1 });
      return;
    }
    void this.acquireThenReplay(control);
  }

  private async acquireThenReplay(control: HTMLElement): Promise<void> {
    let granted: boolean;
    try {
      granted = await this.acquireSlot();
    } catch (error) {
      // The background could not be asked: the portal must still work, so the click goes through.
      this.set({ check: { kind: 'error', fileName: this.chosen?.fileName, message: errorMessage(error), retryable: Boolean(this.chosen) } });
      granted = true;
    }
    if (!granted) {
      this.set({ heldClicks: this.state.heldClicks + 1 });
      return;
    }
    const target = control.isConnected ? control : (findUploadView(this.deps.doc, this.selectors)?.upload ?? control);
    this.bypass = target;
    try {
      target.click();
    } finally {
      this.bypass = undefined;
    }
  }

  /** Returns whether this tab now holds the slot for the current file. */
  private async acquireSlot(): Promise<boolean> {
    const check = this.state.check;
    if (check.kind !== 'done') return false;
    const { report } = check;
    const seq = this.checkSeq;
    // The background takes the file's local IDs from its own copy of the check: they never travel through the page.
    const { checkId } = report;
    const answer = await this.askAboutCheck(checkId, () => this.deps.send('slot-acquire', { checkId }));
    if (!answer.granted && answer.checkUnknown === true) throw new Error("CSV Guard's background could not find this file's check.");
    if (answer.granted) {
      const { submission } = answer;
      const slot = { state: 'held' as const, yours: true, submission };
      const ownSubmissionIds = [...this.state.ownSubmissionIds, submission.id];
      if (seq !== this.checkSeq) {
        // The admin chose another file meanwhile: give this one back.
        this.set({ slot, ownSubmissionIds });
        void this.deps.send('slot-release', { submissionId: submission.id }).catch(() => undefined);
        return false;
      }
      this.set({ slot, ownSubmissionIds, submissionId: submission.id });
      return true;
    }
    this.set({ slot: answer.slot });
    return false;
  }

  /** Upload went through: watch for the portal's success notification, then say the submission is in flight. */
  private afterUploadAllowed(): void {
    const submissionId = this.state.submissionId;
    this.set({ upload: 'clicked' });
    // Tell the tracker at once: if this tab closes before the portal confirms, the slot stays held.
    if (submissionId) void this.deps.send('submission-upload-clicked', { submissionId }).catch(() => undefined);
    this.stopSuccessWatch?.();
    this.stopSuccessWatch = watchUploadSuccess(this.deps.doc, () => {
      void (async () => {
        if (this.state.upload === 'clicked') this.set({ upload: 'confirmed' });
        if (!submissionId) return;
        try {
          const submission = await this.deps.send('submission-processing', { submissionId });
          this.set({ slot: { state: 'held', yours: true, submission } });
        } catch {
          // The slot stays "preparing" and expires on its own; the upload itself has happened.
        }
      })();
    });
  }

  /** Give back a slot taken for a file that was not uploaded. */
  private releaseSlot(): void {
    const submissionId = this.state.submissionId;
    if (!submissionId || this.state.upload !== 'no') return;
    this.set({ submissionId: undefined });
    void this.deps.send('slot-release', { submissionId }).catch(() => undefined);
  }

  // ---- plumbing ---------------------------------------------------------

  private safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      try {
        this.set({ check: { kind: 'error', fileName: this.chosen?.fileName, message: errorMessage(error), retryable: Boolean(this.chosen) } });
      } catch {
        // Even the panel failed: stay silent rather than disturb the portal.
      }
    }
  }

  private set(patch: Partial<GuardState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) {
      try {
        listener(this.state);
      } catch {
        // A broken panel must not stop the guard (or the portal).
      }
    }
  }
}

function isSlotChanged(message: unknown): message is SlotChangedEvent {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'slot-changed';
}
