import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmButtonProps {
  /** The button that asks, e.g. "Mark as finished". */
  label: string;
  /** The question, naming what will change. */
  question: ComponentChildren;
  /** The button that does it, e.g. "Yes, mark “march.csv” as finished". */
  confirmLabel: string;
  onConfirm(): Promise<void> | void;
  busyLabel?: string;
}

/**
 * An action that asks first, inline (a window.confirm can close an extension popup). Focus moves to
 * the question's confirm button and back to the first button on cancel, so it works from the keyboard.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, busyLabel = 'Working…' }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={askRef} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <button
        type="button"
        class="primary"
        ref={confirmRef}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {busy ? busyLabel : confirmLabel}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
