import type { ManualSelectors } from '../messaging/checks-protocol';
import { observePortalChanges } from './dom-changes';
import { later, onAbort, type GuardStore } from './guard-store';
import { findUploadView, type UploadView } from './upload-controls';
import { looksLikeUploadPage } from './upload-page-hint';

export interface PresenceTiming {
  /** Pause after the portal changes the page before looking for the view again. */
  refreshDelayMs: number;
  /** How long an upload-looking page may go without recognisable controls before saying so. */
  notRecognisedAfterMs: number;
  /** A view that disappears without a hash navigation is only forgotten after this long (the app may be re-rendering). */
  reRenderGraceMs: number;
}

export interface PresenceDeps {
  doc: Document;
  store: GuardStore;
  selectors: () => ManualSelectors;
  timing: PresenceTiming;
  signal: AbortSignal;
  /** The view appeared (first time, or after the admin came back to it). */
  onEnter: (view: UploadView) => void;
  /** The admin left the view (or it stayed gone). */
  onLeave: () => void;
  /** After each look at the page, so the panel can be (re)attached next to the form. */
  onLayout: (view: UploadView | undefined) => void;
  safely: (action: () => void) => void;
}

/**
 * Is the Upload Users view on the page? The app renders late, re-renders, and navigates by hash
 * without reloading: look again after every change, and tell entering from leaving.
 */
export class PagePresence {
  view: UploadView | undefined;
  /** The hash route the view was found on; undefined while CSV Guard is not on the view. */
  private enteredHash: string | undefined;
  private cancelRefresh: (() => void) | undefined;
  private cancelNotRecognised: (() => void) | undefined;
  private cancelLeave: (() => void) | undefined;

  constructor(private readonly deps: PresenceDeps) {}

  start(): void {
    const { doc, signal } = this.deps;
    doc.defaultView?.addEventListener('hashchange', () => this.scheduleRefresh(), { signal });
    onAbort(
      signal,
      observePortalChanges(doc.documentElement, () => this.scheduleRefresh()),
    );
    this.refresh();
  }

  scheduleRefresh(): void {
    if (this.cancelRefresh) return;
    this.cancelRefresh = later(
      this.deps.signal,
      () => {
        this.cancelRefresh = undefined;
        this.refresh();
      },
      this.deps.timing.refreshDelayMs,
    );
  }

  refresh(): void {
    this.deps.safely(() => {
      const { doc, store } = this.deps;
      const view = findUploadView(doc, this.deps.selectors());
      this.view = view;
      if (view) {
        this.cancelNotRecognised?.();
        this.cancelLeave?.();
        this.cancelNotRecognised = this.cancelLeave = undefined;
        const uploadHoldable = Boolean(view.upload);
        if (this.enteredHash === undefined) {
          this.enteredHash = doc.location?.hash ?? '';
          store.set({ recognised: 'yes', uploadHoldable });
          this.deps.onEnter(view);
        } else if (store.get().recognised !== 'yes' || store.get().uploadHoldable !== uploadHoldable) {
          store.set({ recognised: 'yes', uploadHoldable });
        }
      } else if (this.enteredHash !== undefined) {
        this.viewWentAway();
      } else {
        this.noteUnrecognised();
      }
      this.deps.onLayout(this.view);
    });
  }

  /**
   * The view is gone. After a hash navigation the admin has left; otherwise the app may only be
   * re-rendering (a spinner while it validates), so wait a moment before forgetting the file.
   */
  private viewWentAway(): void {
    const { doc, store } = this.deps;
    if ((doc.location?.hash ?? '') !== this.enteredHash) {
      this.leave();
      this.noteUnrecognised();
      return;
    }
    if (store.get().recognised === 'yes') store.set({ recognised: 'unknown' });
    this.cancelLeave ??= later(
      this.deps.signal,
      () => {
        this.cancelLeave = undefined;
        this.deps.safely(() => {
          if (this.view) return;
          this.leave();
          this.noteUnrecognised();
          this.deps.onLayout(undefined);
        });
      },
      this.deps.timing.reRenderGraceMs,
    );
  }

  private leave(): void {
    this.cancelLeave?.();
    this.cancelLeave = undefined;
    this.enteredHash = undefined;
    this.deps.onLeave();
  }

  private noteUnrecognised(): void {
    const { doc, store } = this.deps;
    if (!looksLikeUploadPage(doc)) {
      this.cancelNotRecognised?.();
      this.cancelNotRecognised = undefined;
      if (store.get().recognised !== 'unknown') store.set({ recognised: 'unknown' });
      return;
    }
    if (store.get().recognised === 'no' || this.cancelNotRecognised) return;
    // The view may still be rendering: only say so once it has had time to appear.
    this.cancelNotRecognised = later(
      this.deps.signal,
      () => {
        this.cancelNotRecognised = undefined;
        this.deps.safely(() => {
          if (this.view || !looksLikeUploadPage(doc)) return;
          store.set({ recognised: 'no' });
          this.deps.onLayout(undefined);
        });
      },
      this.deps.timing.notRecognisedAfterMs,
    );
    if (store.get().recognised === 'yes') store.set({ recognised: 'unknown' });
  }
}
