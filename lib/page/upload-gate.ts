import type { ManualSelectors } from '../messaging/checks-protocol';
import { errorMessage } from '../error-message';
import type { GuardStore } from './guard-store';
import { classifyClick, findUploadView, type UploadView } from './upload-controls';
import { decideUpload, type FileAtAttempt } from './upload-decision';

/** One attempt to upload, remembered so it can be replayed exactly once the way it was made. */
type Attempt =
  | { route: 'click'; control: HTMLElement }
  | { route: 'key'; control: HTMLElement; key: string }
  | { route: 'submit'; form: HTMLFormElement; submitter: HTMLElement | null };

/** What the slot request answered: granted; refused (held by another); or the check must be redone first. */
export type AcquireOutcome = 'granted' | 'refused' | 'recheck';

export interface UploadGateDeps {
  doc: Document;
  store: GuardStore;
  selectors: () => ManualSelectors;
  view: () => UploadView | undefined;
  fileAtAttempt: () => FileAtAttempt;
  /** The file in the input is not the one checked: check it (the attempt is held meanwhile). */
  checkInputFile: () => void;
  acquire: () => Promise<AcquireOutcome>;
  /** The check must be redone (the history changed since): the attempt stays held. */
  recheck: () => void;
  /** An upload went through: from now on the file is in flight. */
  uploaded: () => void;
  onValidate: () => void;
  /** false once the extension was updated or reloaded under this page. */
  runtimeAlive?: () => boolean;
  /** e2e build only: a test may make the decision itself fail. */
  failDecision?: () => boolean;
}

const ACTIVATION_KEYS: ReadonlySet<string> = new Set(['Enter', ' ', 'Spacebar']);

/** Native buttons turn Enter and Space into a click of their own, which is judged as a click. */
function activatesByClick(control: HTMLElement): boolean {
  return control instanceof HTMLButtonElement || control instanceof HTMLInputElement;
}

/**
 * Every route to an upload, judged by one decision: clicks, keyboard activation of a control that is
 * not a native button, and the form's submit (requestSubmit() fires no click). Listeners run in the
 * capture phase on the window, before the portal's own. A held attempt is stopped; one that waits for
 * the slot is replayed once, the way it was made.
 */
export class UploadGate {
  /** Our own replay (and the submit it causes) is under way: let its events through untouched. */
  private replaying = false;
  /** The Upload control whose click was just let through: the form submit it causes is the same attempt. */
  private passSubmitOf: HTMLElement | undefined;
  /** The last held attempt: what "Upload without CSV Guard's checks" or a moved claim replays. */
  private held: Attempt | undefined;

  constructor(private readonly deps: UploadGateDeps) {}

  listen(signal: AbortSignal): void {
    const { doc } = this.deps;
    const target: EventTarget = doc.defaultView ?? doc;
    target.addEventListener('click', (event) => this.onClick(event), { capture: true, signal });
    target.addEventListener('keydown', (event) => this.onKeydown(event as KeyboardEvent), { capture: true, signal });
    target.addEventListener('submit', (event) => this.onSubmit(event as SubmitEvent), { capture: true, signal });
  }

  /** The admin confirmed "Upload without CSV Guard's checks": exactly one upload goes through. */
  uploadWithoutChecks(): void {
    if (this.deps.store.get().upload !== 'no') return;
    const attempt = this.held ?? this.uploadControlAttempt();
    if (attempt) this.replay(attempt);
  }

  /**
   * What held the attempt was lifted by the admin (the claim moved here, or "Upload without ID checks"):
   * it goes ahead if nothing else holds it, asking for the slot first when needed.
   */
  resumeHeld(): void {
    const attempt = this.held ?? this.uploadControlAttempt();
    if (!attempt) return;
    const decision = decideUpload(this.deps.store.get(), this.deps.fileAtAttempt());
    if (decision.kind === 'allow') this.replay(attempt);
    if (decision.kind === 'acquire') {
      this.deps.store.set({ acquiring: true });
      void this.acquireThenReplay(attempt);
    }
  }

  private uploadControlAttempt(): Attempt | undefined {
    const control = this.deps.view()?.upload;
    return control ? { route: 'click', control } : undefined;
  }

  private onClick(event: Event): void {
    if (this.replaying || !this.deps.view()) return;
    this.passSubmitOf = undefined;
    const clicked = classifyClick(event.target, this.deps.selectors());
    if (!clicked) return;
    if (clicked.kind === 'validate') return this.deps.onValidate();
    this.attempt(event, { route: 'click', control: clicked.control });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (this.replaying || !ACTIVATION_KEYS.has(event.key) || !this.deps.view()) return;
    const pressed = classifyClick(event.target, this.deps.selectors());
    if (pressed?.kind !== 'upload' || activatesByClick(pressed.control)) return;
    this.attempt(event, { route: 'key', control: pressed.control, key: event.key });
  }

  private onSubmit(event: SubmitEvent): void {
    const view = this.deps.view();
    const form = event.target;
    if (this.replaying || !view || !(form instanceof HTMLFormElement)) return;
    if (!form.contains(view.fileInput) && !(view.upload && form.contains(view.upload))) return;
    const submitter = event.submitter instanceof HTMLElement ? event.submitter : null;
    if (submitter && submitter === this.passSubmitOf) {
      this.passSubmitOf = undefined; // the submit of a click already let through
      return;
    }
    if (submitter && classifyClick(submitter, this.deps.selectors())?.kind === 'validate') return;
    this.attempt(event, { route: 'submit', form, submitter });
  }

  private attempt(event: Event, attempt: Attempt): void {
    const { store } = this.deps;
    let decision: ReturnType<typeof decideUpload>;
    try {
      if (this.deps.runtimeAlive && !this.deps.runtimeAlive()) store.set({ orphaned: true });
      if (this.deps.failDecision?.()) throw new Error('a test asked CSV Guard to fail here');
      decision = decideUpload(store.get(), this.deps.fileAtAttempt());
    } catch (error) {
      // Fail closed: hold, and say so; the panel offers to upload without CSV Guard's checks.
      stop(event);
      this.held = attempt;
      store.set({ fault: { cause: 'internal', message: errorMessage(error) }, heldClicks: store.get().heldClicks + 1 });
      return;
    }
    if (decision.kind === 'allow') {
      if (attempt.route === 'click') this.passSubmitOf = attempt.control;
      this.deps.uploaded();
      return;
    }
    stop(event);
    this.held = attempt;
    if (decision.kind === 'hold') {
      store.set({ heldClicks: store.get().heldClicks + 1 });
      if (decision.reason.kind === 'file-changed') this.deps.checkInputFile();
      return;
    }
    store.set({ acquiring: true });
    void this.acquireThenReplay(attempt);
  }

  private async acquireThenReplay(attempt: Attempt): Promise<void> {
    const { store } = this.deps;
    let outcome: AcquireOutcome;
    try {
      outcome = await this.deps.acquire();
    } catch (error) {
      store.set({ acquiring: false, fault: { cause: 'background', message: errorMessage(error) }, heldClicks: store.get().heldClicks + 1 });
      return;
    }
    store.set({ acquiring: false });
    if (outcome === 'recheck') this.deps.recheck();
    // Judged again: the file may have changed while the slot was asked for.
    if (outcome !== 'granted' || decideUpload(store.get(), this.deps.fileAtAttempt()).kind !== 'allow') {
      store.set({ heldClicks: store.get().heldClicks + 1 });
      return;
    }
    this.replay(attempt);
  }

  /** Replay an attempt once, the way it was made; the file counts as in flight before the portal sees it. */
  private replay(attempt: Attempt): void {
    this.held = undefined;
    this.deps.uploaded();
    this.replaying = true;
    try {
      if (attempt.route === 'submit') {
        const form = attempt.form.isConnected ? attempt.form : this.currentForm();
        const submitter = attempt.submitter?.isConnected && form?.contains(attempt.submitter) ? attempt.submitter : undefined;
        form?.requestSubmit(submitter);
        return;
      }
      const control = attempt.control.isConnected ? attempt.control : findUploadView(this.deps.doc, this.deps.selectors())?.upload;
      if (!control) return;
      if (attempt.route === 'click') control.click();
      else control.dispatchEvent(new KeyboardEvent('keydown', { key: attempt.key, bubbles: true, cancelable: true }));
    } finally {
      this.replaying = false;
    }
  }

  private currentForm(): HTMLFormElement | undefined {
    return this.deps.view()?.fileInput.form ?? undefined;
  }
}

function stop(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}
