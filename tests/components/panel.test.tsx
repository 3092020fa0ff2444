import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { Finding, RuleId } from '../../lib/checks/types';
import { GuardPanel, type PanelActions } from '../../components/panel/GuardPanel';
import { risksOf } from '../../lib/checks/risks';
import type { GuardState } from '../../lib/page/guard-state';
import { blockingReport, DUPLICATE_FINDING, groupsOf, makeReport, stateWith } from '../unit/page/fixtures';

const IDENTITY_FINDING: Finding = {
  rule: 'identity-mismatch',
  severity: 'block',
  line: 5,
  column: 'ExternalSyncID',
  localId: 'RXX000009',
  message: "Line 5 is for Ann Lee, but its local ID RXX000009 belongs to Ben Jones. Uploading would overwrite that person's account.",
  related: [{ email: 'ben.jones@nhs.net', localId: 'RXX000009', displayName: 'Ben Jones', status: 'Active' }],
};

function actions(): PanelActions {
  return {
    onAcknowledgeKind: vi.fn(),
    onAcknowledgeRow: vi.fn(),
    onUploadWithoutOverwrites: vi.fn(),
    onAcknowledgePortalCount: vi.fn(),
    onRetry: vi.fn(),
    onExport: vi.fn(),
    onLoadFindings: vi.fn(async () => ({ findings: [], total: 0 })),
    onUploadWithoutChecks: vi.fn(),
    onUploadWithoutIdChecks: vi.fn(),
    onTakeOver: vi.fn(),
    onReload: vi.fn(),
    correction: { onPrepare: vi.fn(), onUse: vi.fn(), onDownload: vi.fn() },
  };
}

function show(state: GuardState, panelActions: PanelActions = actions()) {
  const result = render(<GuardPanel state={state} actions={panelActions} />);
  return { ...result, actions: panelActions };
}

/** Shows the panel and waits for every group of findings: they are drawn in the tasks after the summary. */
async function showDrawn(state: GuardState, panelActions: PanelActions = actions()) {
  const shown = show(state, panelActions);
  const groups = state.check.kind === 'done' ? state.check.report.groups.length : 0;
  await waitFor(() => expect(shown.container.querySelectorAll('[data-rule-group]')).toHaveLength(groups), { timeout: 5000 });
  return shown;
}

describe('GuardPanel', () => {
  it('shows nothing on pages that are not the upload page', () => {
    const { container } = show(stateWith({ recognised: 'unknown' }));
    expect(container.textContent).toBe('');
  });

  it('shows only a small notice when the upload page was not recognised', () => {
    const { container } = show(stateWith({ recognised: 'no' }));
    expect(container.querySelector('[data-testid="not-recognised"]')?.textContent).toMatch(/did not recognise this upload page/);
    expect(container.querySelector('[data-testid="summary"]')).toBeNull();
  });

  it('invites the admin to choose a file before anything is checked', () => {
    show(stateWith());
    expect(screen.getByText(/Choose a file and CSV Guard checks it here/)).toBeTruthy();
  });

  it('does not offer the remainder while new accounts cannot be judged: says which report to import, its age, and opens the import', () => {
    const report = blockingReport({
      exports: ['needs-attention'],
      remainderRefused: {
        message: 'Import a Mailbox Report downloaded after 3 Mar 2025, 09:00 to see which accounts were created.',
        reportAge: 'The cached Mailbox Report "Mailbox Report.csv" was imported 2 days ago (1 Mar 2025, 08:00).',
      },
    });
    const panelActions = { ...actions(), onOpenReportImport: vi.fn() };
    const { container } = show(stateWith({ check: { kind: 'done', report } }), panelActions);
    expect(container.querySelector('button[data-export="remainder"]')).toBeNull();
    const notice = container.querySelector('[data-testid="remainder-refused"]')!;
    expect(notice.textContent).toContain('Import a Mailbox Report downloaded after 3 Mar 2025, 09:00 to see which accounts were created.');
    expect(notice.textContent).toContain('was imported 2 days ago');
    fireEvent.click(within(notice as HTMLElement).getByRole('button', { name: 'Import a Mailbox Report' }));
    expect(panelActions.onOpenReportImport).toHaveBeenCalledOnce();
  });

  it('shows progress while a file is checked', () => {
    const { container } = show(stateWith({ check: { kind: 'checking', fileName: 'big.csv', phase: 'looking-up', fraction: 0.4 } }));
    const progress = container.querySelector('[data-testid="progress"]')!;
    expect(progress.textContent).toContain('Checking big.csv: looking up mailboxes');
    expect(progress.querySelector('progress')?.getAttribute('value')).toBe('40');
  });

  it('summarises a clean file as all updates in a live status region, with the numbers as attributes', () => {
    const { container } = show(stateWith({ check: { kind: 'done', report: makeReport() } }));
    const summary = container.querySelector('[data-testid="summary"]')!;
    expect(summary.getAttribute('role')).toBe('status');
    expect(summary.closest('[aria-live]')).not.toBeNull();
    expect(summary.getAttribute('data-rows')).toBe('3');
    expect(summary.getAttribute('data-updates')).toBe('3');
    expect(summary.getAttribute('data-new-accounts')).toBe('0');
    expect(summary.getAttribute('data-blocked')).toBe('0');
    expect(summary.textContent).toContain('3 rows will update existing accounts');
    expect(screen.getByText('No problems found.')).toBeTruthy();
    expect(container.querySelector('[data-testid="hold"]')).toBeNull();
    expect(container.querySelector('[data-testid="risks"]')).toBeNull();
  });

  it('lists each finding with its rule, line, the mailbox it matched and the fix', async () => {
    const { container } = await showDrawn(stateWith({ check: { kind: 'done', report: blockingReport() } }));
    const finding = container.querySelector('[data-rule="probable-duplicate"][data-line="3"]')!;
    expect(finding).not.toBeNull();
    const text = finding.textContent ?? '';
    expect(text).toContain('Line 3');
    expect(text).toContain('Blocks upload'); // said in words, not only in colour
    expect(text).toContain(DUPLICATE_FINDING.message);
    expect(text).toContain('Matched mailbox: aisha.patel2@nhs.net');
    expect(text).toContain('Fix: Use local ID RXX000002');
    expect(screen.getByRole('heading', { name: /Probable duplicate accounts \(1\)/ })).toBeTruthy();
  });

  it('groups findings by rule, blocking ones first, in line order', async () => {
    const report = makeReport({
      groups: groupsOf([
        { rule: 'password-column', severity: 'warn', line: 1, column: 'Password', message: 'The file has a password column.' },
        { rule: 'duplicate-local-id', severity: 'block', line: 5, localId: 'RXX1', message: 'RXX1 is used again.' },
        { rule: 'duplicate-local-id', severity: 'block', line: 4, localId: 'RXX1', message: 'RXX1 is used more than once.' },
      ]),
      summary: { rows: 4, predictedUpdates: 2, predictedNewAccounts: 0, blockedRows: 2, byRule: {} },
    });
    const { container } = await showDrawn(stateWith({ check: { kind: 'done', report } }));
    const items = [...container.querySelectorAll('[data-rule]')].map((el) => `${el.getAttribute('data-rule')}@${el.getAttribute('data-line')}`);
    expect(items).toEqual(['duplicate-local-id@4', 'duplicate-local-id@5', 'password-column@1']);
    expect(within(container.querySelector('[data-rule="password-column"]') as HTMLElement).getByText('Header')).toBeTruthy();
  });

  it('shows hostile cell values as plain text: markup in a value never runs or renders', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const report = blockingReport({
      groups: groupsOf([
        { ...DUPLICATE_FINDING, message: `First name is ${hostile}`, localId: hostile, related: [{ email: hostile, localId: hostile }] },
      ]),
    });
    const { container } = await showDrawn(stateWith({ check: { kind: 'done', report } }));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('makes hidden characters visible, e.g. a zero-width space as ⟨U+200B⟩', async () => {
    const report = makeReport({
      groups: groupsOf([
        {
          rule: 'suspicious-characters',
          severity: 'warn',
          line: 2,
          localId: 'RXX\u200B001',
          message: 'Local ID "RXX\u200B001" has a hidden character; name has \u202Ebidi.',
        },
      ]),
    });
    const { container } = await showDrawn(stateWith({ check: { kind: 'done', report } }));
    const finding = container.querySelector('[data-rule="suspicious-characters"]')!;
    expect(finding.textContent).toContain('RXX⟨U+200B⟩001');
    expect(finding.textContent).toContain('⟨U+202E⟩bidi');
    expect(finding.textContent).not.toContain('\u200B');
  });

  it('holds Upload while blocking findings are not acknowledged, naming how many rows would create accounts', () => {
    const panelActions = actions();
    const { container } = show(stateWith({ check: { kind: 'done', report: blockingReport() } }), panelActions);
    expect(container.querySelector('[data-testid="hold"]')?.textContent).toMatch(/1 row in this file would create new accounts/);
    const box = screen.getByLabelText('I understand that 1 row will create a new account for someone who already has one') as HTMLInputElement;
    expect(box.type).toBe('checkbox');
    fireEvent.click(box);
    expect(panelActions.onAcknowledgeKind).toHaveBeenCalledWith('new-accounts', true);
  });

  it('gives each kind of risk its own acknowledgement, with its count and consequence', () => {
    const findings: Finding[] = [
      { ...DUPLICATE_FINDING, rule: 'unknown-local-id', line: 3, related: [] },
      { ...DUPLICATE_FINDING, rule: 'missing-local-id', line: 4, related: [] },
      { ...DUPLICATE_FINDING, rule: 'duplicate-local-id', line: 6 },
      { ...DUPLICATE_FINDING, rule: 'duplicate-local-id', line: 7 },
    ];
    const report = blockingReport({ groups: groupsOf(findings), risks: risksOf(findings) });
    show(stateWith({ check: { kind: 'done', report } }));
    expect(screen.getByLabelText('I understand that 2 rows will create new accounts')).toBeTruthy();
    expect(screen.getByLabelText('I understand that 2 rows repeat a local ID')).toBeTruthy();
  });

  it('offers no single tick for rows that would overwrite another person\'s account: "Upload without these rows", or one by one', () => {
    const findings: Finding[] = [IDENTITY_FINDING, { ...DUPLICATE_FINDING, rule: 'missing-local-id', line: 4, related: [] }];
    const report = blockingReport({ groups: groupsOf(findings), risks: risksOf(findings) });
    const panelActions = actions();
    const { container } = show(stateWith({ check: { kind: 'done', report }, acknowledged: { kinds: ['new-accounts'], lines: [] } }), panelActions);
    const overwrite = container.querySelector('[data-risk-kind="overwrite"]')!;
    expect(overwrite.textContent).toContain("1 row will overwrite another person's account");
    expect(overwrite.querySelector('[data-testid="acknowledge-overwrite"]')).toBeNull();
    // Still held: the new accounts were acknowledged, the overwrite was not.
    expect(container.querySelector('[data-testid="hold"]')?.textContent).toMatch(/overwrite another person's account/);

    fireEvent.click(within(overwrite as HTMLElement).getByRole('button', { name: 'Upload without this row' }));
    expect(panelActions.onUploadWithoutOverwrites).toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText('I understand that line 5 will overwrite Ben Jones (ben.jones@nhs.net)'));
    expect(panelActions.onAcknowledgeRow).toHaveBeenCalledWith(5, true);
  });

  it('announces the hold notice as an alert', () => {
    show(stateWith({ check: { kind: 'done', report: blockingReport() } }));
    expect(screen.getByTestId('hold').getAttribute('role')).toBe('alert');
  });

  it('lifts the hold once the admin has acknowledged, and the findings read "Acknowledged"', async () => {
    const { container } = await showDrawn(
      stateWith({ check: { kind: 'done', report: blockingReport() }, acknowledged: { kinds: ['new-accounts'], lines: [] } }),
    );
    expect(container.querySelector('[data-testid="hold"]')).toBeNull();
    expect((container.querySelector('[data-testid="acknowledge-new-accounts"]') as HTMLInputElement).checked).toBe(true);
    const finding = container.querySelector('[data-rule="probable-duplicate"]')!;
    expect(finding.textContent).toContain('Acknowledged');
    expect(finding.textContent).not.toContain('Blocks upload');
    expect(container.querySelector('[data-rule-group="probable-duplicate"] h3')?.textContent).toContain('Acknowledged');
  });

  it('reads "Blocks upload" on a row that would overwrite someone until that row itself is acknowledged', async () => {
    const findings: Finding[] = [IDENTITY_FINDING];
    const report = blockingReport({ groups: groupsOf(findings), risks: risksOf(findings) });
    const before = await showDrawn(stateWith({ check: { kind: 'done', report } }));
    expect(before.container.querySelector('[data-rule="identity-mismatch"]')?.textContent).toContain('Blocks upload');
    before.unmount();
    const after = await showDrawn(stateWith({ check: { kind: 'done', report }, acknowledged: { kinds: [], lines: [5] } }));
    expect(after.container.querySelector('[data-rule="identity-mismatch"]')?.textContent).toContain('Acknowledged');
    expect(after.container.querySelector('[data-testid="hold"]')).toBeNull();
  });

  it('says which file is in flight, since when, and that it is in another tab', () => {
    const processingAt = new Date(2026, 0, 5, 14, 5).getTime();
    vi.useFakeTimers({ now: new Date(2026, 0, 5, 15, 0) });
    try {
      const slot = {
        state: 'held' as const,
        yours: false,
        submission: {
          id: 's-other',
          state: 'processing' as const,
          fileName: 'ward-changes.csv',
          createdAt: processingAt - 60_000,
          processingAt,
          tabId: 9,
          rowCount: 40,
        },
      };
      const { container } = show(stateWith({ check: { kind: 'done', report: makeReport() }, slot }));
      const hold = container.querySelector('[data-testid="hold"]')!.textContent ?? '';
      expect(hold).toContain('ward-changes.csv');
      expect(hold).toContain('14:05');
      expect(hold).toContain('in another tab');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says "in this tab" when the submission in flight came from this tab', () => {
    const slot = {
      state: 'held' as const,
      yours: true,
      submission: {
        id: 's-mine',
        state: 'processing' as const,
        fileName: 'first.csv',
        createdAt: Date.now(),
        processingAt: Date.now(),
        tabId: 3,
        rowCount: 5,
      },
    };
    const { container } = show(stateWith({ check: { kind: 'done', report: makeReport() }, slot, ownSubmissionIds: ['s-mine'] }));
    expect(container.querySelector('[data-testid="hold"]')?.textContent).toContain('in this tab');
  });

  it('says "in this tab" for an upload from this tab even after the page forgot it (the slot is no longer "yours")', () => {
    const slot = {
      state: 'held' as const,
      yours: false,
      submission: {
        id: 's-old',
        state: 'processing' as const,
        fileName: 'earlier.csv',
        createdAt: Date.now(),
        processingAt: Date.now(),
        tabId: 3,
        rowCount: 5,
      },
    };
    const { container } = show(stateWith({ check: { kind: 'done', report: makeReport({ tabId: 3 }) }, slot }));
    expect(container.querySelector('[data-testid="hold"]')?.textContent).toContain('was uploaded in this tab');
  });

  it('does not hold Upload when the slot is this file’s own', () => {
    const slot = {
      state: 'held' as const,
      yours: true,
      submission: { id: 's1', state: 'preparing' as const, fileName: 'updates.csv', createdAt: 1, rowCount: 3 },
    };
    const { container } = show(stateWith({ check: { kind: 'done', report: makeReport() }, slot, submissionId: 's1', ownSubmissionIds: ['s1'] }));
    expect(container.querySelector('[data-testid="hold"]')).toBeNull();
  });

  it('moves focus to the reason when a click is held', () => {
    const report = blockingReport();
    const { container, rerender } = show(stateWith({ check: { kind: 'done', report } }));
    rerender(<GuardPanel state={stateWith({ check: { kind: 'done', report }, heldClicks: 1 })} actions={actions()} />);
    expect(document.activeElement).toBe(container.querySelector('[data-testid="hold"]'));
  });

  it('warns when the portal does not say the rows already exist and will be updated', () => {
    const { container } = show(
      stateWith({ check: { kind: 'done', report: makeReport() }, validation: { kind: 'read', answer: { mentionsUpdates: false } } }),
    );
    const warning = container.querySelector('[data-testid="validation-warning"]')!;
    expect(warning.getAttribute('role')).toBe('alert');
    expect(warning.textContent).toMatch(/did not say that any users already exist and will be updated/);
    expect(warning.textContent).toContain('expected 3 rows to update existing accounts');
  });

  it('warns when the portal’s count of updates differs from the prediction', () => {
    const { container } = show(
      stateWith({ check: { kind: 'done', report: makeReport() }, validation: { kind: 'read', answer: { mentionsUpdates: true, updateCount: 2 } } }),
    );
    const warning = container.querySelector('[data-testid="validation-warning"]')!;
    expect(warning.textContent).toContain('The portal says 2 users already exist and will be updated, but CSV Guard expected 3');
    expect(warning.textContent).toContain('The other 1 row would probably create duplicate accounts');
  });

  it('points at the lines the portal rejected instead of calling them duplicates', () => {
    const { container } = show(
      stateWith({
        check: { kind: 'done', report: makeReport() },
        validation: { kind: 'read', answer: { mentionsUpdates: true, updateCount: 2, errorLines: [4] } },
      }),
    );
    const warning = container.querySelector('[data-testid="validation-warning"]')!;
    expect(warning.textContent).toContain('The portal listed errors on line 4: fix that row and validate again.');
    expect(warning.textContent).not.toContain('would probably create duplicate accounts');
  });

  it('stays quiet when the portal agrees with the prediction', () => {
    const { container } = show(
      stateWith({ check: { kind: 'done', report: makeReport() }, validation: { kind: 'read', answer: { mentionsUpdates: true, updateCount: 3 } } }),
    );
    expect(container.querySelector('[data-testid="validation-warning"]')).toBeNull();
  });

  it('reports an internal error calmly, holds Upload, and offers to try again', () => {
    const panelActions = actions();
    const { container } = show(
      stateWith({ check: { kind: 'error', fileName: 'a.csv', message: 'the background stopped', retryable: true, cause: 'background' } }),
      panelActions,
    );
    const error = container.querySelector('[data-testid="guard-error"]')!;
    expect(error.textContent).toContain('CSV Guard could not check this file: the background stopped');
    expect(error.textContent).toContain('The portal works as usual');
    fireEvent.click(within(error as HTMLElement).getByRole('button', { name: 'Try again' }));
    expect(panelActions.onRetry).toHaveBeenCalled();
  });

  it('offers the corrected files the check allows, one button per kind', () => {
    const panelActions = actions();
    const { container } = show(
      stateWith({ check: { kind: 'done', report: makeReport({ exports: ['without-password', 'batches'] }) } }),
      panelActions,
    );
    const buttons = [...container.querySelectorAll('button[data-export]')].map((b) => b.getAttribute('data-export'));
    expect(buttons).toEqual(['without-password', 'batches']);
    fireEvent.click(container.querySelector('button[data-export="without-password"]')!);
    expect(panelActions.onExport).toHaveBeenCalledWith('without-password');
  });

  it('says when the portal is processing the upload, and nothing else: no hold, no findings, no stale warning', () => {
    const report = blockingReport({ freshness: { ...makeReport().freshness, oldestAgeDays: 40, stale: true } });
    const slot = {
      state: 'held' as const,
      yours: false,
      submission: { id: 's1', state: 'processing' as const, fileName: 'updates.csv', createdAt: 1, processingAt: 1, tabId: 3, rowCount: 3 },
    };
    const { container } = show(
      stateWith({
        check: { kind: 'done', report },
        acknowledged: { kinds: ['new-accounts'], lines: [] },
        upload: 'confirmed',
        slot,
        ownSubmissionIds: ['s1'],
        heldClicks: 1,
      }),
    );
    const headlines = container.querySelectorAll('[data-testid="headline"]');
    expect([...headlines].map((h) => h.getAttribute('data-headline'))).toEqual(['uploaded']);
    expect(headlines[0]!.textContent).toContain('The portal is processing this upload');
    expect(headlines[0]!.getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(headlines[0]); // the held click's focus lands on what is true now
    expect(container.querySelector('[data-testid="hold"]')).toBeNull();
    expect(container.querySelector('[data-testid="acknowledge"]')).toBeNull();
    expect(container.textContent).not.toMatch(/Another submission|Upload is held|days old/);
  });

  it('shows exactly one headline in each state', () => {
    const states: Partial<GuardState>[] = [
      {},
      { check: { kind: 'checking', fileName: 'a.csv', phase: 'parsing', fraction: 0.1 } },
      { check: { kind: 'done', report: blockingReport() } },
      { check: { kind: 'done', report: makeReport() } },
      { check: { kind: 'error', fileName: 'a.csv', message: 'gone', retryable: true, cause: 'background' } },
      { check: { kind: 'done', report: makeReport() }, upload: 'clicked' },
    ];
    const seen = states.map((state) => {
      const { container, unmount } = show(stateWith(state));
      const kinds = [...container.querySelectorAll('[data-testid="headline"]')].map((h) => h.getAttribute('data-headline'));
      expect(container.querySelectorAll('[data-testid="hold"]').length).toBeLessThanOrEqual(1);
      unmount();
      return kinds;
    });
    expect(seen).toEqual([['choose-file'], ['checking'], ['findings'], ['ready'], ['held'], ['uploaded']]);
  });

  it('names the age of a stale Mailbox Report in its warning', () => {
    const report = makeReport({ freshness: { ...makeReport().freshness, oldestAgeDays: 45.6, stale: true } });
    const { container } = show(stateWith({ check: { kind: 'done', report } }));
    expect(container.querySelector('[data-testid="stale-report"]')?.textContent).toContain('The Mailbox Report is 45 days old');
  });

  describe('long lists of findings', () => {
    const missing = (line: number): Finding => ({
      rule: 'missing-local-id',
      severity: 'block',
      line,
      message: `Row on line ${line} has no local ID.`,
    });
    const all = Array.from({ length: 250 }, (_, i) => missing(i + 2));
    const longReport = () =>
      blockingReport({ groups: [{ rule: 'missing-local-id', severity: 'block', total: all.length, first: all.slice(0, 15) }] });
    const lines = (container: Element) =>
      [...container.querySelectorAll('[data-rule="missing-local-id"]')].map((el) => Number(el.getAttribute('data-line')));

    it('shows the first findings of a rule with its full count, and fetches the rest page by page on "Show all"', async () => {
      const panelActions = actions();
      panelActions.onLoadFindings = vi.fn(async (_rule: RuleId, offset: number, limit: number) => ({
        findings: all.slice(offset, offset + limit),
        total: all.length,
      }));
      const { container } = await showDrawn(stateWith({ check: { kind: 'done', report: longReport() } }), panelActions);
      expect(screen.getByRole('heading', { name: /Missing local ID \(250\)/ })).toBeTruthy();
      expect(lines(container)).toEqual(all.slice(0, 15).map((f) => f.line));

      fireEvent.click(screen.getByRole('button', { name: 'Show all 250' }));
      await waitFor(() => expect(lines(container)).toEqual(all.map((f) => f.line)));
      expect(vi.mocked(panelActions.onLoadFindings).mock.calls.map(([rule, offset]) => `${rule}@${offset}`)).toEqual([
        'missing-local-id@0',
        'missing-local-id@100',
        'missing-local-id@200',
      ]);
      expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
    });

    it('says when the rest could not be fetched, keeps the first findings and offers "Show all" again', async () => {
      const panelActions = actions();
      panelActions.onLoadFindings = vi.fn(async () => Promise.reject(new Error('the background stopped')));
      const { container } = await showDrawn(stateWith({ check: { kind: 'done', report: longReport() } }), panelActions);
      fireEvent.click(screen.getByRole('button', { name: 'Show all 250' }));
      await waitFor(() => expect(screen.getByText(/could not be shown: the background stopped/).getAttribute('role')).toBe('alert'));
      expect(lines(container)).toHaveLength(15);
      expect(screen.getByRole('button', { name: 'Show all 250' })).toBeTruthy();
    });

    it('shows the summary on its own at once, and every group of a report with many rules in the tasks after', async () => {
      const rules: RuleId[] = [
        'missing-local-id',
        'unknown-local-id',
        'probable-duplicate',
        'identity-mismatch',
        'duplicate-local-id',
        'invalid-field',
        'ou-change',
        'inactive-account',
        'suspicious-characters',
        'no-change',
      ];
      // Fifteen findings per rule, as the check's reply previews them.
      const report = blockingReport({
        groups: rules.map((rule, i) => ({
          rule,
          severity: i < 6 ? 'block' : 'warn',
          total: 15,
          first: Array.from({ length: 15 }, (_, n) => ({
            rule,
            severity: i < 6 ? ('block' as const) : ('warn' as const),
            line: 100 * i + n + 2,
            message: rule,
          })),
        })),
      });
      const { container } = show(stateWith({ check: { kind: 'done', report } }));
      expect(container.querySelector('[data-testid="summary"]')).not.toBeNull();
      expect(container.querySelector('[data-rule]')).toBeNull();
      const drawnRules = () => [...new Set([...container.querySelectorAll('[data-rule]')].map((el) => el.getAttribute('data-rule')))];
      // A group per task after a frame (Preact's effects): generous on a loaded machine.
      await waitFor(() => expect(drawnRules()).toEqual(rules), { timeout: 5000 });
      expect(container.querySelectorAll('[data-rule]')).toHaveLength(150);
    });
  });
});
