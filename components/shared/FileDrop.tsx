import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface FileDropProps {
  /** Accessible name of the file input, e.g. "Mailbox Report file". */
  label: string;
  /** Visible instructions inside the drop zone; also the input's description for screen readers. */
  hint: string;
  /** Shown while a file is dragged over the zone. */
  dropHint?: string;
  accept?: string;
  disabled?: boolean;
  /** Stable hook for browser tests (`data-testid` on the input). */
  testId?: string;
  onFile(file: File): void;
}

export interface DropZoneProps {
  disabled: boolean;
  onFile(file: File): void;
  /** Stable hook for browser tests (`data-testid` on the zone). */
  testId?: string;
  /** What the zone shows; `over` is true while a file is dragged over it. */
  children: (over: boolean) => ComponentChildren;
}

/** Where a file can be dropped: the first file dropped goes to `onFile`, unless disabled. */
export function DropZone({ disabled, onFile, testId, children }: DropZoneProps) {
  const [over, setOver] = useState(false);
  return (
    <div
      class="csvg-file-drop"
      {...(testId ? { 'data-testid': testId } : {})}
      data-dragging={over ? 'true' : 'false'}
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer?.files[0];
        if (file && !disabled) onFile(file);
      }}
      style={{
        border: `2px ${over ? 'solid' : 'dashed'} #425563`,
        padding: '0.75rem 1rem',
        borderRadius: '0.5rem',
        background: over ? '#e8edee' : 'transparent',
      }}
    >
      {children(over)}
    </div>
  );
}

/**
 * A drop zone around an ordinary file input: drag and drop for the mouse, and the native
 * "Choose file" control for the keyboard and screen readers.
 */
export function FileDrop({
  label,
  hint,
  dropHint = 'Release to use this file.',
  accept = '.csv,text/csv',
  disabled = false,
  testId,
  onFile,
}: FileDropProps) {
  const input = useRef<HTMLInputElement>(null);
  const id = `file-drop-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

  return (
    <DropZone disabled={disabled} onFile={onFile}>
      {(over) => (
        <>
          <label for={id} style={{ display: 'block', fontWeight: 'bold' }}>
            {label}
          </label>
          <p id={`${id}-hint`} style={{ margin: '0.25rem 0 0.5rem' }}>
            {over ? dropHint : hint}
          </p>
          <input
            ref={input}
            id={id}
            type="file"
            accept={accept}
            disabled={disabled}
            aria-describedby={`${id}-hint`}
            {...(testId ? { 'data-testid': testId } : {})}
            onChange={(event) => {
              const file = (event.currentTarget as HTMLInputElement).files?.[0];
              if (file) onFile(file);
              // Choosing the same file again after fixing it should still start over.
              if (input.current) input.current.value = '';
            }}
          />
        </>
      )}
    </DropZone>
  );
}
