import { FileDrop } from '../shared/FileDrop';

/** Where the admin drops or chooses the results CSV from the portal's email. */
export function ResultsDrop({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  return (
    <FileDrop
      label="Results CSV from the portal's email"
      hint="Drop the CSV attached to the results email here, or choose it. It is read on this computer only."
      dropHint="Release to read this file."
      testId="results-input"
      disabled={disabled}
      onFile={onFile}
    />
  );
}
