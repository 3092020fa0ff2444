import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { PopupApp } from '../../components/popup/PopupApp';
import { createMessageListener } from '../../lib/messaging/router';
import { createDbConnection } from '../../lib/store/connection';
import { openGuardDb } from '../../lib/store/db';
import { importMailboxReport } from '../../lib/store/import-report';
import { generatePeople, mailboxReportCsv } from '../support/generate';
import type { SubmissionTracker } from '../../lib/submissions/tracker';
import { startWorker } from '../support/background';
import { fingerprintRows } from '../../lib/submissions/fingerprint';
import { COL, resultsCsv, upload } from '../unit/results/fixtures';
import { EXTENSION_PAGE, TEST_TRUST } from '../support/senders';
import { ImportsInProgress } from '../../lib/store/imports-in-progress';
import { LookupCache } from '../../lib/store/lookup-cache';

const PAGE = 'https://portal.nhs.net/Admin#/csv-upload';
/** Each test gets its own database so cached reports and history never leak between tests. */
let REPORT_DB = 'popup-test-0';
let dbCounter = 0;
beforeEach(() => {
  REPORT_DB = `popup-test-${++dbCounter}`;
});

/** The real background handlers, answering the popup over the fake runtime. */
function startBackground(): SubmissionTracker {
  const { tracker, handlers } = startWorker({
    openDb: createDbConnection({ name: REPORT_DB }),
    tracker: { probeTab: async () => ({ url: PAGE }) },
    results: { existingAccounts: async () => ({ byLocalId: new Map(), byEmail: new Map() }) },
    // The slot broadcast reaches the popup over the fake runtime, as it does over the real one.
    sendToPages: (event) => fakeBrowser.runtime.sendMessage(event),
  });
  // fakeBrowser gives no sender: the popup is one of the extension's own pages.
  const listener = createMessageListener(handlers, TEST_TRUST);
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => listener(message, EXTENSION_PAGE));
  return tracker;
}

/** An upload in flight in tab 5, as the Upload Users page would leave it. */
async function uploadInFlight(tracker: SubmissionTracker, up = upload(4), fileName = 'staff-march.csv') {
  const granted = await tracker.acquire(
    {
      fileName,
      fingerprint: fingerprintRows(up.rows),
      rowCount: up.rows.length,
      header: up.header,
      localIds: up.rows.map((r) => r[COL.ExternalSyncID!]!),
    },
    { tabId: 5, url: PAGE },
  );
  if (!granted.granted) throw new Error('expected the slot');
  return tracker.markProcessing(granted.submission.id, { tabId: 5 });
}

function chooseResults(text: string, name = 'staff-march results.csv') {
  const input = document.querySelector<HTMLInputElement>('input[type=file][data-testid="results-input"]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], name, { type: 'text/csv' })], configurable: true });
  fireEvent.change(input);
}

/** Downloads, captured at the Blob the popup hands to the browser. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return `blob:test/${blobs.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { names, text: async (i: number) => (await blobs[i]!.text()).replace(/^\uFEFF/, '') };
}

afterEach(() => vi.restoreAllMocks());

describe('the popup', () => {
  it('says when no upload is in progress', async () => {
    startBackground();
    render(<PopupApp mode="popup" />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('CSV Guard');
    expect(await screen.findByRole('heading', { name: 'No upload in progress' })).toBeTruthy();
    expect(screen.queryByTestId('submission')).toBeNull();
    expect(screen.getByText('No uploads recorded yet.')).toBeTruthy();
    // No file chooser in the toolbar popup (it would close the popup): a drop zone and a way to a tab.
    expect(document.querySelector('input[type=file]')).toBeNull();
    expect(screen.getByRole('button', { name: 'Choose the results file…' })).toBeTruthy();
  });

  it('shows the upload in flight, and marks it as finished only after a confirmation naming the file', async () => {
    const tracker = startBackground();
    await uploadInFlight(tracker);
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('submission');
    expect(card.textContent).toContain('staff-march.csv');
    expect(card.textContent).toContain('The portal is processing');

    fireEvent.click(within(card).getByRole('button', { name: 'Mark as finished' }));
    expect(card.textContent).toMatch(/Mark staff-march\.csv as finished\?/);
    const confirm = within(card).getByRole('button', { name: 'Yes, mark “staff-march.csv” as finished' });
    // Cancel has focus, so a second Enter cannot confirm by accident.
    await waitFor(() => expect(document.activeElement).toBe(within(card).getByRole('button', { name: 'Cancel' })));
    fireEvent.click(confirm);

    expect(await screen.findByRole('heading', { name: 'No upload in progress' })).toBeTruthy();
    expect(screen.getByTestId('notice').textContent).toContain('“staff-march.csv” is marked as finished');
    // Focus goes to the result of the action, not to <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('notice')));
    expect((await tracker.status({})).state).toBe('free');
    const item = await screen.findByTestId('history-item');
    expect(item.textContent).toContain('Marked as finished');
  });

  it('changes nothing when the admin cancels "Mark as finished"', async () => {
    const tracker = startBackground();
    await uploadInFlight(tracker);
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('submission');
    fireEvent.click(within(card).getByRole('button', { name: 'Mark as finished' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Mark as finished'));
    expect((await tracker.status({})).state).toBe('held');
  });

  it('closes the "Mark as finished" confirmation on Escape, changing nothing', async () => {
    const tracker = startBackground();
    await uploadInFlight(tracker);
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('submission');
    fireEvent.click(within(card).getByRole('button', { name: 'Mark as finished' }));
    const cancel = within(card).getByRole('button', { name: 'Cancel' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    fireEvent.keyDown(cancel, { key: 'Escape' });
    await waitFor(() => expect(within(card).queryByRole('button', { name: 'Cancel' })).toBeNull());
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Mark as finished'));
    expect((await tracker.status({})).state).toBe('held');
  });

  it('lets the admin release a file that is only about to be uploaded, after confirming', async () => {
    const tracker = startBackground();
    const up = upload(2);
    await tracker.acquire(
      {
        fileName: 'not-yet.csv',
        fingerprint: fingerprintRows(up.rows),
        rowCount: 2,
        header: up.header,
        localIds: up.rows.map((r) => r[COL.ExternalSyncID!]!),
      },
      { tabId: 9, url: PAGE },
    );
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('submission');
    expect(card.textContent).toContain('is ready to upload in one tab');
    expect(within(card).queryByRole('button', { name: 'Mark as finished' })).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: 'Release the hold' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Yes, release “not-yet.csv”' }));
    expect(await screen.findByRole('heading', { name: 'No upload in progress' })).toBeTruthy();
  });

  it('says when an upload is held because its page closed after Upload was clicked', async () => {
    const tracker = startBackground();
    const up = upload(2);
    const granted = await tracker.acquire(
      {
        fileName: 'unconfirmed.csv',
        fingerprint: fingerprintRows(up.rows),
        rowCount: 2,
        header: up.header,
        localIds: up.rows.map((r) => r[COL.ExternalSyncID!]!),
      },
      { tabId: 9, url: PAGE },
    );
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markUploadClicked(granted.submission.id, { tabId: 9 });
    await tracker.releaseForClosedTab(9);
    render(<PopupApp mode="popup" />);
    const note = await screen.findByTestId('submission-note');
    expect(note.textContent).toMatch(/the portal has not confirmed it yet/);
    expect(within(screen.getByTestId('submission')).getByRole('button', { name: 'Mark as finished' })).toBeTruthy();
  });

  it('follows the slot live: an upload started elsewhere appears without reopening the popup', async () => {
    const tracker = startBackground();
    render(<PopupApp mode="popup" />);
    await screen.findByRole('heading', { name: 'No upload in progress' });
    await uploadInFlight(tracker, upload(2), 'from-another-tab.csv');
    expect((await screen.findByTestId('submission')).textContent).toContain('from-another-tab.csv');
  });

  it('reconciles the results email: counts, the failed rows with the portal\u2019s text, a retry file of exactly those rows, and the slot freed', async () => {
    const tracker = startBackground();
    const up = upload(5);
    await uploadInFlight(tracker, up);
    const downloads = captureDownloads();
    render(<PopupApp mode="tab" />);
    await screen.findByTestId('submission');

    chooseResults(resultsCsv(up, ['Updated', 'Failed - Mobile number must be a UK mobile', 'Updated', 'Failed - Invalid email', 'Updated']));
    const counts = await screen.findByTestId('outcome-counts');
    // Focus moves to the report once it is read.
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Results in staff-march results.csv'));
    expect(counts.dataset).toMatchObject({ success: '3', failure: '2', unknown: '0', missing: '0' });
    const failed = screen.getAllByTestId('failed-row');
    expect(failed.map((row) => row.dataset.line)).toEqual(['3', '5']);
    expect(failed[0]!.textContent).toContain('Failed - Mobile number must be a UK mobile');
    expect(failed[0]!.textContent).toContain(up.rows[1]![COL.ExternalSyncID!]!);
    expect(screen.getByTestId('match').textContent).toContain('staff-march.csv');

    await screen.findByRole('heading', { name: 'No upload in progress' });
    expect((await tracker.status({})).state).toBe('free');

    fireEvent.click(document.querySelector<HTMLButtonElement>('button[data-export="retry"]')!);
    expect(downloads.names).toEqual(['staff-march results - retry.csv']);
    const lines = (await downloads.text(0)).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(up.header.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[COL.ExternalSyncID!])).toEqual([
      up.rows[1]![COL.ExternalSyncID!],
      up.rows[3]![COL.ExternalSyncID!],
    ]);
  });

  it('reconciles a results file on its own when no upload was tracked', async () => {
    startBackground();
    render(<PopupApp mode="tab" />);
    await screen.findByRole('heading', { name: 'No upload in progress' });
    chooseResults(resultsCsv(upload(2), ['Updated', 'Pending'], { column: 'Outcome' }));
    expect((await screen.findByTestId('match')).textContent).toContain('reconciled on its own');
    expect(screen.getAllByTestId('unknown-row')).toHaveLength(1);
    expect(document.querySelector('button[data-export="retry"]')).toBeNull();
    expect(document.querySelector('button[data-export="needs-review"]')).toBeTruthy();
  });

  it('explains a file it cannot use', async () => {
    startBackground();
    render(<PopupApp mode="tab" />);
    await screen.findByRole('heading', { name: 'No upload in progress' });
    chooseResults('ID,ExternalSyncID,FirstName\n1,A1,Ann\n', 'no-results.csv');
    expect((await screen.findByTestId('results-error')).textContent).toMatch(/could not find the result column/);
  });

  it('shows hostile cell values as text, never as markup', async () => {
    const tracker = startBackground();
    const up = upload(2, (row, i) => (i === 0 ? row.map((v, c) => (c === COL.DisplayName ? '<img src=x onerror="window.hacked=1">' : v)) : row));
    await uploadInFlight(tracker, up, '<img src=x onerror="window.hacked=2">.csv');
    render(<PopupApp mode="tab" />);
    const card = await screen.findByTestId('submission');
    expect(card.textContent).toContain('<img src=x onerror="window.hacked=2">.csv');
    chooseResults(resultsCsv(up, ['Failed - <script>window.hacked=3</script>', 'Updated']));
    const [row] = await screen.findAllByTestId('failed-row');
    expect(row!.textContent).toContain('<img src=x onerror="window.hacked=1">');
    expect(row!.textContent).toContain('<script>window.hacked=3</script>');
    expect(document.querySelector('main img, main script')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();
  });

  it('keeps an expired upload in view with its note, and exports the history as CSV', async () => {
    const tracker = startBackground();
    await uploadInFlight(tracker);
    await tracker.expire(Date.now() + 25 * 3_600_000);
    const downloads = captureDownloads();
    render(<PopupApp mode="popup" />);
    const attention = await screen.findByTestId('attention');
    expect(attention.textContent).toMatch(/staff-march\.csv.*No results after 24 hours/);
    fireEvent.click(screen.getByRole('button', { name: 'Export history (CSV)' }));
    expect(downloads.names[0]).toMatch(/^CSV Guard upload history .*\.csv$/);
    expect(await downloads.text(0)).toMatch(/staff-march\.csv,Expired \(no results\),4,/);
  });

  it('opens the reconcile view in a tab to choose the results file from the toolbar popup', async () => {
    startBackground();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    render(<PopupApp mode="popup" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the results file…' }));
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/popup\.html\?view=tab&start=results$/) }));
  });

  it('takes a results file dropped on the toolbar popup', async () => {
    const tracker = startBackground();
    const up = upload(2);
    await uploadInFlight(tracker, up);
    render(<PopupApp mode="popup" />);
    await screen.findByTestId('submission');
    const file = new File([resultsCsv(up, ['Updated', 'Updated'])], 'dropped.csv', { type: 'text/csv' });
    fireEvent.drop(screen.getByTestId('results-drop'), { dataTransfer: { files: [file] } });
    expect((await screen.findByTestId('outcome-counts')).dataset).toMatchObject({ success: '2' });
  });

  it('shows each duplicate account created with the account it duplicates and which to keep, and keeps them in history', async () => {
    const tracker = startBackground();
    const up = upload(3);
    await uploadInFlight(tracker, up);
    render(<PopupApp mode="tab" />);
    await screen.findByTestId('submission');
    // Row 2 has the portal's own ID, yet the portal created an account for it.
    chooseResults(resultsCsv(up, ['Updated', 'Created', 'Updated']));
    const counts = await screen.findByTestId('outcome-counts');
    expect(counts.dataset).toMatchObject({ success: '2', duplicates: '1' });
    const [dup] = screen.getAllByTestId('duplicate-row');
    expect(dup!.dataset.line).toBe('3');
    expect(within(dup!).getByTestId('next-step').textContent).toMatch(/one account per person/);
    expect(document.querySelector('.sr-only')?.textContent).toMatch(/2 succeeded, 1 duplicate account created, 0 failed/);
    const item = await screen.findByTestId('history-duplicates');
    expect(item.textContent).toMatch(/1 duplicate account created/);
  });

  it('asks which upload results are for when they have fewer rows than the upload still processing, and changes nothing until told', async () => {
    const tracker = startBackground();
    const up = upload(4);
    await uploadInFlight(tracker, up);
    render(<PopupApp mode="tab" />);
    await screen.findByTestId('submission');
    chooseResults(resultsCsv({ header: up.header, rows: up.rows.slice(0, 3) }, ['Updated', 'Updated', 'Updated']));
    const candidates = await screen.findByTestId('candidates');
    expect(candidates.textContent).toMatch(/staff-march\.csv” had 4 rows and is still being processed; these results have 3 rows/);
    expect((await tracker.status({})).state).toBe('held');
    fireEvent.click(within(candidates).getByRole('button', { name: 'Yes, these are the results of “staff-march.csv”' }));
    await screen.findByRole('heading', { name: 'No upload in progress' });
    expect((await screen.findByTestId('outcome-counts')).dataset).toMatchObject({ success: '3', missing: '1' });
  });

  it('offers the same view in a tab from the toolbar popup', async () => {
    startBackground();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    render(<PopupApp mode="popup" />);
    fireEvent.click(screen.getByRole('button', { name: 'Open in a tab' }));
    await waitFor(() => expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/popup\.html\?view=tab$/) }));
  });
});

describe('PopupApp: the Mailbox Report behind the checks', () => {
  it('says when no report is cached, and opens the options page to import one', async () => {
    startBackground();
    const openOptions = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('report-status');
    await waitFor(() => expect(card.textContent).toContain('No Mailbox Report is cached'));
    fireEvent.click(within(card).getByRole('button', { name: 'Import a Mailbox Report…' }));
    await waitFor(() => expect(openOptions).toHaveBeenCalledTimes(1));
  });

  it('shows each cached report with its size and age', async () => {
    startBackground();
    await importMailboxReport(
      await openGuardDb(REPORT_DB),
      { orgLabel: 'Leeds Teaching Hospitals', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(12)) },
      { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
    );
    render(<PopupApp mode="popup" />);
    const card = await screen.findByTestId('report-status');
    await waitFor(() => expect(card.textContent).toMatch(/Leeds Teaching Hospitals: 12 mailboxes, imported today/));
    expect(card.textContent).not.toContain('out of date');
  });
});
