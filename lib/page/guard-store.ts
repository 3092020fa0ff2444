import type { GuardState } from './guard-state';

/** The page guard's state, shared by its parts: each reads it and patches it; the panel listens. */
export interface GuardStore {
  get(): GuardState;
  set(patch: Partial<GuardState>): void;
}

/** A timer that is cleared when the signal aborts (the guard stopped, or the content script went away). */
export function later(signal: AbortSignal, action: () => void, ms: number): () => void {
  if (signal.aborted) return () => undefined;
  const cancel = () => clearTimeout(timer);
  const timer = setTimeout(() => {
    signal.removeEventListener('abort', cancel);
    action();
  }, ms);
  signal.addEventListener('abort', cancel, { once: true });
  return () => {
    cancel();
    signal.removeEventListener('abort', cancel);
  };
}

/** Run `stop` when the signal aborts (or now, if it already has). */
export function onAbort(signal: AbortSignal, stop: () => void): void {
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
}
