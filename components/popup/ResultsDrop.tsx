import { useRef, useState } from 'preact/hooks';

/**
 * Where the admin drops or chooses the results CSV: an ordinary, labelled file input (keyboard and
 * screen readers) inside a drop zone (mouse).
 */
export function ResultsDrop({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      class="drop"
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
    >
      <label for="results-input">Results CSV from the portal's email</label>
      <p class="hint" id="results-hint">
        {over ? 'Release to read this file.' : 'Drop the CSV attached to the results email here, or choose it. It is read on this computer only.'}
      </p>
      <input
        ref={input}
        id="results-input"
        data-testid="results-input"
        type="file"
        accept=".csv,text/csv"
        aria-describedby="results-hint"
        disabled={disabled}
        onChange={(event) => {
          const file = (event.currentTarget as HTMLInputElement).files?.[0];
          if (file) onFile(file);
          if (input.current) input.current.value = ''; // choosing the same file again still reads it
        }}
      />
    </div>
  );
}
