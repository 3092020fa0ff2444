import { later } from './guard-store';
import type { UploadView } from './upload-controls';

/** The signs that the admin is heading for a file, each asked for on its own (see FileIntent). */
export type FileIntentSign = 'shown' | 'browse' | 'drag';

export interface FileIntentDeps {
  doc: Document;
  /** The Upload Users view, while it is on the page: no view, nothing to prepare for. */
  view: () => UploadView | undefined;
  /** Ask the background to read ahead ('prepare-check'). Its answer and any failure are ignored. */
  prepare: () => Promise<unknown>;
  now: () => number;
  signal: AbortSignal;
  /** Each sign asks at most once in this long (dragenter fires on every element crossed; focus comes with the click). */
  minIntervalMs?: number;
}

const MIN_INTERVAL_MS = 1000;

/**
 * While the file dialog may be open (from a click on Browse until a file is chosen, the dialog is
 * cancelled, or DIALOG_ASKS more asks), ask again this often: Chrome stops a worker 30 s after the
 * last message, and an admin may look through folders for longer than that.
 */
export const DIALOG_REFRESH_MS = 20_000;
const DIALOG_ASKS = 9;

/**
 * Tells the background to get a check ready while the admin heads for a file, not when it arrives: a
 * worker stopped while idle (Chrome stops it after 30 s) then reads its key tables and indexes while
 * the admin is in the file dialog. Signs: the Upload Users view shown, or the tab visible again (or
 * restored from the back-forward cache); Browse clicked or focused; a file dragged over the page. While
 * the file dialog may be open it asks again every 20 s, up to 3 minutes, so the worker is not stopped
 * meanwhile.
 *
 * It only listens (passive, never cancelling or stopping an event) and only sends: nothing waits for
 * the answer, and an unreachable background changes nothing. Which file is checked, and every hold on
 * Upload, stay with the check session and the upload gate.
 */
export class FileIntent {
  private readonly askedAt: Partial<Record<FileIntentSign, number>> = {};
  private cancelDialogAsks: (() => void) | undefined;

  constructor(private readonly deps: FileIntentDeps) {}

  listen(): void {
    const { doc, signal } = this.deps;
    const options = { capture: true, passive: true, signal };
    doc.addEventListener('visibilitychange', () => this.safely(() => doc.visibilityState === 'visible' && this.ask('shown')), options);
    doc.defaultView?.addEventListener('pageshow', () => this.safely(() => this.ask('shown')), options);
    const onBrowse = (event: Event) => this.safely(() => isFileInput(event.target) && this.ask('browse'));
    doc.addEventListener('focusin', onBrowse, options);
    doc.addEventListener(
      'click',
      (event) => {
        onBrowse(event);
        // A click on the input (or its label, which the browser hands on) opens the file dialog.
        if (isFileInput(event.target)) this.safely(() => this.whileDialogOpen());
      },
      options,
    );
    // The dialog closed: a file was chosen (the check reads what it needs), or it was cancelled.
    const dialogClosed = (event: Event) => isFileInput(event.target) && this.stopDialogAsks();
    doc.addEventListener('change', dialogClosed, options);
    doc.addEventListener('cancel', dialogClosed, options);
    doc.addEventListener('dragenter', (event) => this.safely(() => carriesFiles(event) && this.ask('drag')), options);
  }

  /** The Upload Users view appeared (first time, or after the admin came back to it). */
  viewShown(): void {
    this.safely(() => this.ask('shown'));
  }

  private whileDialogOpen(): void {
    this.stopDialogAsks();
    let asks = 0;
    const askAgain = () => {
      this.cancelDialogAsks = undefined;
      this.safely(() => this.ask('browse'));
      if (++asks < DIALOG_ASKS) this.cancelDialogAsks = later(this.deps.signal, askAgain, DIALOG_REFRESH_MS);
    };
    this.cancelDialogAsks = later(this.deps.signal, askAgain, DIALOG_REFRESH_MS);
  }

  private stopDialogAsks(): void {
    this.cancelDialogAsks?.();
    this.cancelDialogAsks = undefined;
  }

  private ask(sign: FileIntentSign): void {
    if (this.deps.signal.aborted || !this.deps.view()) return;
    const now = this.deps.now();
    const last = this.askedAt[sign];
    if (last !== undefined && now - last < (this.deps.minIntervalMs ?? MIN_INTERVAL_MS)) return;
    this.askedAt[sign] = now;
    this.deps.prepare().catch(() => undefined);
  }

  /** Whatever goes wrong here is only a missed read-ahead: never an error on the portal's page. */
  private safely(action: () => unknown): void {
    try {
      action();
    } catch {
      // The check reads what it needs when the file arrives.
    }
  }
}

function isFileInput(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'file';
}

/** A drag of files (not of text or a link from the page). */
function carriesFiles(event: Event): boolean {
  const types = (event as DragEvent).dataTransfer?.types;
  return types !== undefined && Array.from(types).includes('Files');
}
