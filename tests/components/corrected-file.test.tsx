import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { CorrectedFile, type CorrectionActions } from '../../components/panel/CorrectedFile';
import type { FixReport } from '../../lib/messaging/checks-protocol';
import type { CorrectionState } from '../../lib/page/correction-state';

function fixReport(overrides: Partial<FixReport> = {}): FixReport {
  return {
    offered: true,
    corrected: { name: 'users (corrected).csv', content: 'ID\r\n1\r\n' },
    correctedRows: 27,
    needsAttention: { name: 'users (needs attention).csv', content: 'x' },
    changeList: { name: 'users (changes made).csv', content: 'y' },
    changes: [
      {
        line: 1,
        column: 'Password',
        old: 'Password',
        new: '',
        why: 'passwords cannot be changed by a CSV update, so the column was removed with the 10 passwords in it',
        kinds: ['password-column'],
      },
      {
        line: 4,
        column: 'ExternalSyncID',
        old: 'RXX700211',
        new: 'RXX000211',
        why: 'the existing account with the same email address has this local ID',
        kinds: ['local-id'],
      },
      {
        line: 6,
        column: 'ExternalSyncID',
        old: 'RXX\u200B000213',
        new: 'RXX000213',
        why: 'removed invisible characters (zero-width space)',
        kinds: ['invisible'],
      },
    ],
    changeCount: 3,
    attention: [{ line: 11, reason: 'Line 11 is for Fatima Wilson, but its local ID belongs to Mary-Jane Müller.' }],
    attentionCount: 1,
    noChangeCount: 4,
    droppedNoChange: false,
    recheck: { rows: 27, predictedUpdates: 27, predictedNewAccounts: 0, blockedRows: 0, byRule: {} },
    recheckProblems: [],
    lines: [
      {
        line: 4,
        problems: [
          { rule: 'unknown-local-id', severity: 'block', message: 'The local ID "RXX700211" on line 4 is not in the cached Mailbox Report.' },
          { rule: 'probable-duplicate', severity: 'block', message: 'Line 4 would create a new account.' },
        ],
        changes: [{ line: 4, column: 'ExternalSyncID', old: 'RXX700211', new: 'RXX000211', why: 'same email address', kinds: ['local-id'] }],
        outcome: 'corrected',
      },
      {
        line: 11,
        problems: [{ rule: 'identity-mismatch', severity: 'block', message: 'Line 11 is for Fatima Wilson.' }],
        changes: [],
        outcome: 'needs-attention',
        reason: 'someone else',
      },
    ],
    lineCount: 2,
    ...overrides,
  };
}

function show(state: CorrectionState | undefined) {
  const actions: CorrectionActions = { onPrepare: vi.fn(), onUse: vi.fn(), onDownload: vi.fn() };
  const result = render(<CorrectedFile state={state} actions={actions} />);
  return { ...result, actions };
}

describe('CorrectedFile', () => {
  it('offers to prepare the corrected file', () => {
    const { actions } = show(undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Show the corrected file and its changes' }));
    expect(actions.onPrepare).toHaveBeenCalledWith(false);
  });

  it('shows every change (line, column, old → new, why) and the re-check before offering "Use corrected file"', () => {
    const { container, actions } = show({ kind: 'ready', fix: fixReport() });
    const rows = within(screen.getByTestId('change-list')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^1Password.*Password.*→.*\(empty\).*passwords cannot be changed/),
      expect.stringMatching(/^4ExternalSyncIDRXX700211 → RXX000211the existing account/),
      // A hidden character is shown, never silently equal-looking.
      expect.stringMatching(/^6ExternalSyncIDRXX⟨U\+200B⟩000213 → RXX000213/),
    ]);
    expect(screen.getByTestId('recheck').textContent).toMatch(/no blocking problems\. 27 rows will update existing accounts, 0 new accounts/);
    expect(screen.getByTestId('correction-summary').textContent).toMatch(/3 changes · 27 rows in the corrected file · 1 row needs your attention/);
    expect(container.textContent).toMatch(/Line 11: Line 11 is for Fatima Wilson/);
    fireEvent.click(screen.getByRole('button', { name: 'Use corrected file' }));
    expect(actions.onUse).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Download the 1 row needing attention' }));
    expect(actions.onDownload).toHaveBeenCalledWith('needs-attention');
  });

  it('shows the check by line: each line with its problems and its fixes together', () => {
    show({ kind: 'ready', fix: fixReport() });
    const lines = within(screen.getByTestId('by-line'))
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('line-view'));
    expect(lines[0]!.querySelector('.line-head')!.textContent).toBe('Line 4: 2 problems, 1 fix — in the corrected file');
    expect(lines[0]!.textContent).toMatch(/Fixed: ExternalSyncID RXX700211 → RXX000211/);
    expect(lines[1]!.querySelector('.line-head')!.textContent).toBe('Line 11: 1 problem — needs your attention (not in the corrected file)');
  });

  it('lets the admin choose to leave out rows that change nothing, with the count', () => {
    const { actions } = show({ kind: 'ready', fix: fixReport() });
    const box = screen.getByLabelText('Leave out the 4 rows that change nothing');
    fireEvent.click(box);
    expect(actions.onPrepare).toHaveBeenCalledWith(true);
  });

  it('does not offer a corrected file that still blocks, and says why', () => {
    show({ kind: 'ready', fix: fixReport({ offered: false, recheckProblems: ['The file has no local ID column.'] }) });
    expect((screen.getByRole('button', { name: 'Use corrected file' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('recheck').textContent).toMatch(/still has blocking problems.*no local ID column/);
  });

  it('says where the corrected file went once used', () => {
    show({ kind: 'used', fix: fixReport(), how: 'placed' });
    expect(screen.getByTestId('correction-used').textContent).toMatch(
      /"users \(corrected\)\.csv" is now in the portal's Browse box \(your original file is unchanged\)/,
    );
    expect(screen.queryByRole('button', { name: 'Use corrected file' })).toBeNull();
    show({ kind: 'used', fix: fixReport(), how: 'downloaded' });
    expect(screen.getAllByTestId('correction-used')[1]!.textContent).toMatch(/did not take the file, so .* was downloaded/);
  });
});
