import type { CorrectionFile, CorrectionState } from '../../lib/page/correction-state';
import { ByLineView } from './ByLineView';
import { ChangeList } from './ChangeList';
import { count } from './wording';

export interface CorrectionActions {
  onPrepare: (dropNoChange: boolean) => void;
  onUse: () => void;
  onDownload: (which: CorrectionFile) => void;
}

/**
 * "Fix it in one step": the corrected file CSV Guard can make, its change list first, then the choice
 * to put it into the portal's Browse box (or download it), with the rows it would not guess about.
 */
export function CorrectedFile({ state, actions }: { state: CorrectionState | undefined; actions: CorrectionActions }) {
  if (!state) {
    return (
      <div class="corrected-file">
        <h3>Corrected file</h3>
        <p class="hint">
          CSV Guard can fix what has exactly one right answer (local IDs it can match, organisational units, mobile formats, hidden characters,
          spaces, the password column) and list every change, line by line.
        </p>
        <button type="button" data-testid="prepare-correction" onClick={() => actions.onPrepare(false)}>
          Show the corrected file and its changes
        </button>
      </div>
    );
  }
  if (state.kind === 'preparing') {
    return (
      <div class="corrected-file" aria-busy="true">
        <h3>Corrected file</h3>
        <p role="status">Preparing the corrected file and checking it again…</p>
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div class="corrected-file">
        <h3>Corrected file</h3>
        <p class="attention" role="alert">
          The corrected file could not be prepared: {state.message}
        </p>
        <button type="button" onClick={() => actions.onPrepare(false)}>
          Try again
        </button>
      </div>
    );
  }

  const { fix } = state;
  const recheck = fix.recheck;
  return (
    <div class="corrected-file" data-testid="corrected-file">
      <h3>Corrected file</h3>
      <p role="status" data-testid="correction-summary">
        {count(fix.changeCount, 'change')} · {count(fix.correctedRows, 'row')} in the corrected file
        {fix.attentionCount > 0 ? ` · ${count(fix.attentionCount, 'row')} ${fix.attentionCount === 1 ? 'needs' : 'need'} your attention` : ''}
      </p>
      {fix.offered ? (
        <p data-testid="recheck">
          Checked again with the same checks: no blocking problems. {count(recheck.predictedUpdates, 'row')} will update existing accounts,{' '}
          {count(recheck.predictedNewAccounts, 'new account')}.
        </p>
      ) : (
        <div class="attention" data-testid="recheck">
          <p>
            {fix.correctedRows === 0
              ? 'No row could be corrected with certainty, so there is no corrected file to upload.'
              : 'Checked again, the corrected file still has blocking problems, so CSV Guard does not offer it for upload:'}
          </p>
          {fix.recheckProblems.length > 0 && (
            <ul>
              {fix.recheckProblems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <h4>Changes</h4>
      <ChangeList changes={fix.changes} total={fix.changeCount} />

      {fix.noChangeCount > 0 && (
        <label class="drop-no-change">
          <input
            type="checkbox"
            data-testid="drop-no-change"
            checked={fix.droppedNoChange}
            onChange={(e) => actions.onPrepare((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Leave out the {count(fix.noChangeCount, 'row')} that {fix.noChangeCount === 1 ? 'changes' : 'change'} nothing
        </label>
      )}

      {fix.attentionCount > 0 && (
        <>
          <h4>Needs your attention</h4>
          <p>CSV Guard does not guess: these rows are not in the corrected file. They are in the needs-attention file, each with the reason.</p>
          <ul class="attention-rows">
            {fix.attention.map((r) => (
              <li key={r.line}>
                Line {r.line}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}

      {state.kind === 'used' ? (
        <p class="used" role="status" data-testid="correction-used">
          {state.how === 'placed'
            ? `"${fix.corrected.name}" is now in the portal's Browse box (your original file is unchanged). CSV Guard is checking it; Validate next.`
            : `The portal's Browse box did not take the file, so "${fix.corrected.name}" was downloaded: choose it with Browse. Your original file is unchanged.`}
        </p>
      ) : (
        <div class="export-buttons">
          <button type="button" class="primary" data-testid="use-correction" disabled={!fix.offered} onClick={actions.onUse}>
            Use corrected file
          </button>
          <button type="button" disabled={!fix.offered} onClick={() => actions.onDownload('corrected')}>
            Download corrected file
          </button>
        </div>
      )}
      <div class="export-buttons">
        {fix.needsAttention && (
          <button type="button" onClick={() => actions.onDownload('needs-attention')}>
            Download the {count(fix.attentionCount, 'row')} needing attention
          </button>
        )}
        {fix.changeCount > 0 && (
          <button type="button" onClick={() => actions.onDownload('change-list')}>
            Download the change list
          </button>
        )}
      </div>

      <ByLineView lines={fix.lines} total={fix.lineCount} />
    </div>
  );
}
