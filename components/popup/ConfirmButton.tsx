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
 * "Cancel", so a second Enter never confirms by accident; Escape cancels; focus then goes back to the
 * first button. After confirming, the caller moves focus to the result.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, busyLabel = 'Working…' }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const confirmed = useRef(false);
  const questionId = `confirm-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current && !confirmed.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={askRef}
        onClick={() => {
          confirmed.current = false;
          setAsking(true);
        }}
      >
        {label}
      </button>
    );
  }
  return (
    <div
      class="confirm"
      role="group"
      aria-label={label}
      aria-describedby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) {
          event.preventDefault();
          event.stopPropagation();
          setAsking(false);
        }
      }}
    >
      <p id={questionId}>{question}</p>
      <button
        type="button"
        class="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          confirmed.current = true;
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
      <button type="button" ref={cancelRef} disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
