import { DropZone, FileDrop } from '../shared/FileDrop';

export interface ResultsDropProps {
  disabled: boolean;
  onFile(file: File): void;
  /**
   * The toolbar popup closes as soon as a file chooser opens, taking the reconciliation with it. There
   * the results file is dropped, or chosen in the reconcile view in a tab.
   */
  chooseInTab?: () => void;
}

/** Where the admin drops or chooses the results CSV from the portal's email. */
export function ResultsDrop({ disabled, onFile, chooseInTab }: ResultsDropProps) {
  if (!chooseInTab) {
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
  return <DropOnly disabled={disabled} onFile={onFile} chooseInTab={chooseInTab} />;
}

/** In the toolbar popup: drop here, or choose in a tab (the same drop zone as FileDrop, with a button for the input). */
function DropOnly({ disabled, onFile, chooseInTab }: Required<ResultsDropProps>) {
  return (
    <DropZone disabled={disabled} onFile={onFile} testId="results-drop">
      {(over) => (
        <>
          <p id="results-drop-hint" style={{ margin: '0 0 0.5rem' }}>
            {over ? 'Release to read this file.' : 'Drop the CSV attached to the results email here. It is read on this computer only.'}
          </p>
          <button type="button" class="primary" disabled={disabled} aria-describedby="results-drop-hint results-tab-hint" onClick={chooseInTab}>
            Choose the results file…
          </button>
          <p id="results-tab-hint" class="hint">
            Opens the reconcile view in a tab: a file chooser would close this popup.
          </p>
        </>
      )}
    </DropZone>
  );
}
