import type { RiskKind } from '../checks/risks';
import type { Finding, RuleId } from '../checks/types';
import { acknowledgeKind, acknowledgeRow, NOTHING_ACKNOWLEDGED } from './acknowledgement';
import type { DecodedText } from '../csv/types';
import type { ExportedFile, ExportKind, ManualSelectors } from '../messaging/checks-protocol';
import type { SlotAnswer } from '../messaging/submissions-protocol';
import { parsePushedEvent } from '../messaging/events';
import type { SlotStatus } from '../submissions/types';
import { CHECK_LOST, CheckSession, type CheckMark, type CheckTiming, type SendToBackground } from './check-session';
import type { CorrectionFile } from './correction-state';
import { FileIntent } from './file-intent';
import { INITIAL_STATE, type GuardState } from './guard-state';
import { errorMessage } from '../error-message';
import { onAbort, type GuardStore } from './guard-store';
import { PagePresence, type PresenceTiming } from './page-presence';
import { placeFileInInput } from './place-file';
import { learnTemplate } from './sample-template';
import { askSlotStatus } from './slot-status';
import { watchUploadSuccess } from './success-notification';
import type { UploadView } from './upload-controls';
import { currentHold } from './upload-decision';
import { UploadGate, type AcquireOutcome } from './upload-gate';
import { watchValidationAnswer } from './validation-watch';

export type { SendToBackground } from './check-session';

/** Where an end-to-end test may force a failure (only wired in the e2e build). */
export type ForcedErrorPoint = 'check' | 'click' | 'background';

export interface UploadGuardDeps {
  doc: Document;
  send: SendToBackground;
  readFile: (file: File) => Promise<DecodedText>;
  /** Same-origin fetch of the page's sample file. */
  fetchText: (url: string) => Promise<string>;
  /** Hand a corrected file to the browser's download. */
  download: (file: ExportedFile) => void;
  /** The one id of each chosen file (a UUID). */
  newCheckId: () => string;
  forcedError?: () => ForcedErrorPoint | undefined;
  /** false once the extension was updated or reloaded under this page (its runtime is gone). */
  runtimeAlive?: () => boolean;
  /** Called after each look at the page, so the panel can be (re)attached next to the form. */
  onLayout?: (view: UploadView | undefined, state: GuardState) => void;
  timing?: Partial<GuardTiming>;
  /** e2e build only: the benchmark's marks of a check on the page's timeline. */
  mark?: (name: CheckMark) => void;
}

export interface GuardTiming extends PresenceTiming, CheckTiming {
  /** After Validate, how long to wait for the "will be updated" message once the results render. */
  validationSettleMs: number;
}

const DEFAULT_TIMING: Readonly<GuardTiming> = {
  refreshDelayMs: 100,
  notRecognisedAfterMs: 3000,
  checkSilenceMs: 60_000,
  validationSettleMs: 3000,
  templateWaitMs: 3000,
  reRenderGraceMs: 2000,
};

/**
 * The Upload Users page integration, free of any UI framework. A small coordinator of three parts:
 * page presence (is the view there), the check session (the chosen file's check) and the upload gate
 * (every route to an upload, held or let through once). It also talks to the background about the slot
 * and reads the portal's validation answer and success notice. When CSV Guard cannot decide, Upload is
 * held with an explicit override; it is never silently let through.
 */
export class UploadGuard {
  private state: GuardState = INITIAL_STATE;
  private readonly listeners = new Set<(state: GuardState) => void>();
  private readonly timing: GuardTiming;
  private readonly store: GuardStore = { get: () => this.state, set: (patch) => this.set(patch) };
  private readonly abort = new AbortController();
  private selectors: ManualSelectors = {};
  private readonly presence: PagePresence;
  private readonly session: CheckSession;
  private readonly gate: UploadGate;
  private readonly intent: FileIntent;
  private templateLearning: Promise<void> | undefined;
  private stopValidationWatch: (() => void) | undefined;
  private stopSuccessWatch: (() => void) | undefined;

  constructor(private readonly deps: UploadGuardDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    const signal = this.abort.signal;
    onAbort(signal, () => {
      this.stopValidationWatch?.();
      this.stopSuccessWatch?.();
    });
    this.presence = new PagePresence({
      doc: deps.doc,
      store: this.store,
      selectors: () => this.selectors,
      timing: this.timing,
      signal,
      onEnter: (view) => this.enterView(view),
      onLeave: () => this.leaveView(),
      onLayout: (view) => deps.onLayout?.(view, this.state),
      safely: (action) => this.safely(action),
    });
    this.session = new CheckSession({
      store: this.store,
      send: deps.send,
      readFile: deps.readFile,
      newCheckId: deps.newCheckId,
      failCheck: () => deps.forcedError?.() === 'check',
      templateLearning: () => this.templateLearning,
      timing: this.timing,
      signal,
      ...(deps.mark ? { mark: deps.mark } : {}),
    });
    this.gate = new UploadGate({
      doc: deps.doc,
      store: this.store,
      selectors: () => this.selectors,
      view: () => this.presence.view,
      fileAtAttempt: () => this.session.fileAtAttempt(this.inputFile()),
      checkInputFile: () => this.checkInputFile(),
      acquire: () => this.acquireSlot(),
      recheck: () => this.checkAgain(),
      uploaded: () => this.uploaded(),
      onValidate: () => this.safely(() => this.onValidate()),
      ...(deps.runtimeAlive ? { runtimeAlive: deps.runtimeAlive } : {}),
      failDecision: () => deps.forcedError?.() === 'click',
    });
    // Only a read-ahead in the background: never part of deciding anything on the page.
    this.intent = new FileIntent({
      doc: deps.doc,
      view: () => this.presence.view,
      prepare: () => deps.send('prepare-check', {}),
      now: () => Date.now(),
      signal,
    });
  }

  getState(): GuardState {
    return this.state;
  }

  getView(): UploadView | undefined {
    return this.presence.view;
  }

  subscribe(listener: (state: GuardState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start watching the page. Listeners end with the guard (stop) through one AbortSignal. */
  start(selectors: ManualSelectors = {}): void {
    this.selectors = selectors;
    const { doc } = this.deps;
    const signal = this.abort.signal;
    const win = doc.defaultView;
    this.gate.listen(signal);
    this.intent.listen();
    (win ?? doc).addEventListener('change', (event) => this.safely(() => this.onChange(event)), { capture: true, signal });
    win?.addEventListener('pagehide', () => this.safely(() => this.releaseSlot()), { signal });
    this.presence.start();
  }

  /** Stop everything (the page is going away, or a newer CSV Guard took over the page). */
  stop(): void {
    this.abort.abort();
    this.listeners.clear();
  }

  /**
   * The extension was updated or reloaded under this page: its background is gone for good. Keep
   * holding Upload (the listeners stay) and say that the page must be reloaded.
   */
  orphan(): void {
    this.set({ orphaned: true });
  }

  /** Messages from the background: slot broadcasts and progress of our check. */
  handleMessage(message: unknown): void {
    // Parsed against the event map: anything else (or malformed) is not for us.
    const event = parsePushedEvent(message);
    if (!event) return;
    this.safely(() => {
      if (event.type === 'check-progress') this.session.handleProgress(event);
      else this.onSlotChanged(event.slot);
    });
  }

  /** The admin ticked or cleared one kind of risk ("I understand that 2 rows will create new accounts"). */
  acknowledgeKind(kind: RiskKind, checked: boolean): void {
    this.set({ acknowledged: acknowledgeKind(this.state.acknowledged, kind, checked) });
  }

  /** The admin ticked or cleared one row that would overwrite another person's account: never in bulk. */
  acknowledgeRow(line: number, checked: boolean): void {
    this.set({ acknowledged: acknowledgeRow(this.state.acknowledged, line, checked) });
  }

  /**
   * "Upload without these rows": the checked file minus the rows that would overwrite another person's
   * account goes into the portal's Browse input (downloaded where the input will not take it), and is
   * checked like any chosen file.
   */
  async uploadWithoutOverwrites(): Promise<void> {
    this.set({ exporting: 'without-overwrites', exportError: undefined });
    try {
      const [file] = (await this.session.exportFile('without-overwrites')) ?? [];
      if (!file) throw new Error('CSV Guard could not build the file without these rows; choose the file again.');
      const input = this.presence.view?.fileInput;
      const placed = input ? placeFileInInput(input, file.name, file.content) : false;
      if (!placed) this.deps.download(file);
      this.set({ exporting: undefined });
    } catch (error) {
      this.set({ exporting: undefined, exportError: errorMessage(error) });
    }
  }

  /** The admin ticked or cleared the acknowledgement of the portal's lower "will be updated" count. */
  acknowledgePortalCount(checked: boolean): void {
    this.set({ validationAcknowledged: checked });
  }

  /** "Upload without ID checks" (no Mailbox Report): the admin's explicit choice; the upload then goes ahead. */
  uploadWithoutIdChecks(): void {
    this.safely(() => {
      this.set({ idChecksWaived: true });
      this.gate.resumeHeld();
    });
  }

  /** Check the same file again (after the background stopped or failed). */
  retry(): void {
    this.checkAgain();
  }

  /** Confirmed by the admin after reading the risk: exactly one upload goes through unchecked. */
  uploadWithoutChecks(): void {
    this.safely(() => this.gate.uploadWithoutChecks());
  }

  /** "Upload from this tab instead": move another tab's claim (nothing uploaded there) to this tab. */
  async takeOver(): Promise<void> {
    const check = this.state.check;
    if (check.kind !== 'done') return;
    const { checkId } = check.report;
    try {
      const answer = await this.session.askAboutCheck(checkId, () => this.deps.send('slot-take-over', { checkId }));
      if (!this.granted(answer)) return;
      this.gate.resumeHeld();
    } catch (error) {
      this.set({ fault: { cause: 'background', message: errorMessage(error) } });
    }
  }

  /** Build and download a corrected file from the background's copy of the check. */
  async exportFile(kind: ExportKind): Promise<void> {
    this.set({ exporting: kind, exportError: undefined });
    try {
      const files = (await this.session.exportFile(kind)) ?? [];
      for (const file of files) this.deps.download(file);
      this.set({ exporting: undefined });
    } catch (error) {
      this.set({ exporting: undefined, exportError: errorMessage(error) });
    }
  }

  loadFindings(rule: RuleId, offset: number, limit: number): Promise<{ findings: Finding[]; total: number }> {
    return this.session.loadFindings(rule, offset, limit);
  }

  /** Ask the background for the corrected file of the current check (the panel then shows its change list). */
  async prepareCorrection(dropNoChange = false): Promise<void> {
    const check = this.state.check;
    if (check.kind !== 'done') return;
    const { checkId } = check.report;
    this.set({ correction: { kind: 'preparing', dropNoChange } });
    try {
      const answer = await this.session.askAboutCheck(checkId, () => this.deps.send('fix-file', { checkId, dropNoChange }));
      if (answer.outcome === 'check-unknown') throw new Error(CHECK_LOST);
      if (this.state.check.kind === 'done' && this.state.check.report.checkId === checkId)
        this.set({ correction: { kind: 'ready', fix: answer.fix } });
    } catch (error) {
      this.set({ correction: { kind: 'error', message: errorMessage(error) } });
    }
  }

  /**
   * Put the corrected file (its change list already shown) into the portal's Browse input, so the next
   * step is Validate and CSV Guard checks it like any chosen file; download it where the input will not take it.
   */
  useCorrection(): void {
    const correction = this.state.correction;
    if (correction?.kind !== 'ready' || !correction.fix.offered) return;
    const { fix } = correction;
    const input = this.presence.view?.fileInput;
    const placed = input ? placeFileInInput(input, fix.corrected.name, fix.corrected.content) : false;
    if (!placed) this.deps.download(fix.corrected);
    this.set({ correction: { kind: 'used', fix, how: placed ? 'placed' : 'downloaded' } });
  }

  /** Download one of the corrected file's files (the corrected file, needs attention, the change list). */
  downloadCorrection(which: CorrectionFile): void {
    const correction = this.state.correction;
    if (correction?.kind !== 'ready' && correction?.kind !== 'used') return;
    const { fix } = correction;
    const file = which === 'corrected' ? fix.corrected : which === 'needs-attention' ? fix.needsAttention : fix.changeList;
    if (file) this.deps.download(file);
  }

  // ---- the view -----------------------------------------------------------

  private enterView(view: UploadView): void {
    this.templateLearning ??= this.learnTemplate();
    this.intent.viewShown();
    askSlotStatus(this.store, this.deps.send);
    // A file may already be chosen (the view was re-rendered, or chosen before CSV Guard started).
    const file = view.fileInput.files?.[0];
    if (file && this.state.check.kind === 'idle') void this.session.check(file);
  }

  /** The admin navigated away (or the view stayed gone): give up the slot and forget the file. */
  private leaveView(): void {
    this.releaseSlot();
    this.stopValidationWatch?.();
    this.session.forget();
    this.set({
      ...INITIAL_STATE,
      slot: this.state.slot,
      ownSubmissionIds: this.state.ownSubmissionIds,
      submissionId: this.state.upload === 'no' ? undefined : this.state.submissionId,
      upload: this.state.upload === 'no' ? 'no' : 'clicked',
      lastUpload: this.state.lastUpload,
      orphaned: this.state.orphaned,
    });
  }

  private async learnTemplate(): Promise<void> {
    try {
      const learnt = await learnTemplate(this.deps.doc, this.deps.fetchText);
      if (learnt) await this.deps.send('template-learnt', learnt);
    } catch {
      // The bundled template (or the last one learnt) is used instead; nothing for the admin to do.
    }
  }

  // ---- the chosen file ----------------------------------------------------

  private inputFile(): File | undefined {
    return this.presence.view?.fileInput.files?.[0] ?? undefined;
  }

  private onChange(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !this.presence.view) return;
    const file = input.files?.[0];
    this.releaseSlot();
    this.stopValidationWatch?.();
    if (!file) {
      this.session.forget();
      this.set({
        check: { kind: 'idle' },
        acknowledged: NOTHING_ACKNOWLEDGED,
        validation: { kind: 'none' },
        submissionId: undefined,
        upload: 'no',
        fault: undefined,
      });
      return;
    }
    void this.session.check(file);
  }

  /** The input holds a file CSV Guard has not checked (put there by script or a drop zone): check it. */
  private checkInputFile(): void {
    const file = this.inputFile();
    if (!file) return;
    this.releaseSlot();
    this.stopValidationWatch?.();
    void this.session.check(file);
  }

  /** Judge the chosen file again, against the history as it is now. */
  private checkAgain(): void {
    if (this.session.fileAtAttempt(this.inputFile()) === 'different') return this.checkInputFile();
    this.releaseSlot();
    this.stopValidationWatch?.();
    void this.session.checkAgain();
  }

  // ---- Validate, the slot and the upload ------------------------------------

  private onValidate(): void {
    if (this.state.upload === 'no' && this.session.fileAtAttempt(this.inputFile()) === 'different') this.checkInputFile();
    this.stopValidationWatch?.();
    this.set({ validation: { kind: 'waiting' }, validationAcknowledged: false });
    this.stopValidationWatch = watchValidationAnswer(this.deps.doc, (answer) => this.set({ validation: { kind: 'read', answer } }), {
      settleMs: this.timing.validationSettleMs,
    });
    // The admin is preparing to upload: claim the slot now, so another tab hears of it early. Not for a
    // file still held for its own findings: that tab would block others for an upload that may never come.
    const check = this.state.check;
    if (check.kind === 'done' && this.state.upload === 'no' && !this.state.submissionId && !currentHold(this.state)) {
      void this.acquireSlot().catch(() => undefined);
    }
  }

  private async acquireSlot(): Promise<AcquireOutcome> {
    const check = this.state.check;
    if (check.kind !== 'done') return 'refused';
    // The background takes the file's local IDs from its own copy of the check: they never travel through the page.
    const { checkId } = check.report;
    const answer = await this.session.askAboutCheck(checkId, () => this.deps.send('slot-acquire', { checkId }));
    if (answer.outcome === 'check-unknown') throw new Error(CHECK_LOST);
    if (answer.outcome === 'recheck') {
      this.set({ slot: answer.slot });
      return 'recheck';
    }
    return this.granted(answer) ? 'granted' : 'refused';
  }

  /** Record what a slot request answered; true when this tab now holds the slot for the current file. */
  private granted(answer: SlotAnswer): boolean {
    if (answer.outcome !== 'granted') {
      this.set({ slot: answer.slot });
      return false;
    }
    const { submission } = answer;
    const slot: SlotStatus = { state: 'held', yours: true, submission };
    this.set({
      slot,
      ownSubmissionIds: [...this.state.ownSubmissionIds, submission.id],
      submissionId: submission.id,
      claimMovedAway: false,
      fault: undefined,
    });
    return true;
  }

  /** An upload went through: the file is in flight from now on; the portal's notice only confirms. */
  private uploaded(): void {
    const { submissionId, check } = this.state;
    const lastUpload =
      submissionId && check.kind === 'done' ? { submissionId, fileName: check.report.fileName, fingerprint: check.report.fingerprint } : undefined;
    this.set({ upload: 'clicked', lastUpload });
    if (submissionId) {
      void this.deps.send('submission-upload-clicked', { submissionId }).then(
        (submission) => this.set({ slot: { state: 'held', yours: false, submission } }),
        () => undefined,
      );
    }
    this.stopSuccessWatch?.();
    this.stopSuccessWatch = watchUploadSuccess(this.deps.doc, () => {
      if (this.state.upload === 'clicked') this.set({ upload: 'confirmed' });
      if (submissionId) void this.deps.send('submission-processing', { submissionId }).catch(() => undefined);
    });
  }

  /** Give back a slot taken for a file that was not uploaded. */
  private releaseSlot(): void {
    const submissionId = this.state.submissionId;
    if (!submissionId || this.state.upload !== 'no') return;
    this.set({ submissionId: undefined });
    void this.deps.send('slot-release', { submissionId }).catch(() => undefined);
  }

  /**
   * The slot changed in the background. A claim of ours that another tab took is gone (and that is
   * said); when the slot frees, the file is judged again before it can be uploaded, since what ended
   * may have been this very file, with failures.
   */
  private onSlotChanged(slot: SlotStatus): void {
    const before = this.state.slot;
    const { submissionId, upload } = this.state;
    if (submissionId && upload === 'no' && slot.state === 'held' && slot.submission.id !== submissionId && slot.submission.state === 'preparing') {
      this.set({ slot, submissionId: undefined, claimMovedAway: true });
    } else {
      this.set({ slot });
    }
    if (before?.state !== 'held' || slot.state !== 'free' || this.state.orphaned) return;
    const ended = before.submission.id;
    if (upload !== 'no') {
      if (ended === submissionId) this.checkAgain();
      return;
    }
    if (this.state.check.kind === 'done' || this.state.check.kind === 'error') this.checkAgain();
  }

  // ---- plumbing -----------------------------------------------------------

  /** A failure in CSV Guard's own handling: it never replaces a result, and it holds Upload (with the override). */
  private safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      try {
        this.set({ fault: { cause: 'internal', message: errorMessage(error) } });
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
