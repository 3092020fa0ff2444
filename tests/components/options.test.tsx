import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createMessageListener } from '../../lib/messaging/router';
import { createSettingsStore } from '../../lib/settings';
import type { GuardDb } from '../../lib/store/db';
import { DAY_MS } from '../../lib/store/freshness';
import { importMailboxReport } from '../../lib/store/import-report';
import { ReportImportError } from '../../lib/store/import-error';
import { ImportsInProgress } from '../../lib/store/imports-in-progress';
import { LookupCache } from '../../lib/store/lookup-cache';
import { createReportHandlers } from '../../lib/store/report-handlers';
import { ReportImportFailure, type ImportProgress, type ReportsClient } from '../../lib/messaging/reports-client';
import { generatePeople, mailboxReportCsv, uploadCsv } from '../support/generate';
import { countStoredRows, freshDb, importPeople } from '../unit/store/helpers';
import { EXTENSION_PAGE, TEST_TRUST } from '../support/senders';
import { memoryBrowser, startWorker, type MemoryBrowser } from '../support/background';

/** The browser's storage behind the background (settings live in its storage.local). */
let browser: MemoryBrowser;
const settingsStored = () => createSettingsStore(browser.local);

// Settings go through the background, as in the extension: its real handlers behind the router.
beforeEach(() => {
  browser = memoryBrowser();
  const listener = createMessageListener(startWorker({ browser }).handlers, TEST_TRUST);
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => listener(message, EXTENSION_PAGE));
});

/** The page's client wired straight to the real store (fake-indexeddb), as the background would be. */
function inProcessClient(db: GuardDb, now?: () => number): ReportsClient {
  // One set of imports in progress and one lookup cache for the handlers and the import, as the background has.
  const imports = new ImportsInProgress();
  const lookupCache = new LookupCache();
  const handlers = createReportHandlers({
    openDb: async () => db,
    imports,
    lookupCache,
    loadSettings: () => settingsStored().load(),
    now: now ?? (() => Date.now()),
    afterDeleteAll: async () => undefined,
  });
  return {
    list: async () => handlers['reports-list']({}, {}),
    deleteReport: async (orgId) => (await handlers['report-delete']({ orgId }, {})).deleted,
    deleteAll: async () => handlers['data-delete-all']({}, {}),
    importReport(input, onProgress) {
      const controller = new AbortController();
      const done = importMailboxReport(db, input, {
        imports,
        lookupCache,
        signal: controller.signal,
        onProgress: (p) => onProgress({ type: 'progress', ...p }),
      }).catch((error: unknown) => {
        throw error instanceof ReportImportError ? new ReportImportFailure(error.message, error.code) : error;
      });
      return { done, cancel: () => controller.abort() };
    },
  };
}

function chooseFile(name: string, text: string) {
  const input = screen.getByLabelText('Mailbox Report file') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
}

describe('options page: importing the Mailbox Report', () => {
  it('imports a chosen report, shows the summary and lists it as imported today', async () => {
    const db = await freshDb();
    const people = generatePeople(1200);
    people[3]!.localId = '';
    render(<OptionsApp client={inProcessClient(db)} />);
    expect(await screen.findByText(/No Mailbox Report is cached yet/)).toBeTruthy();

    chooseFile('Mailbox Report.csv', mailboxReportCsv(people));
    const org = screen.getByLabelText('Organisation') as HTMLInputElement;
    // nhs.net addresses and several units: the content does not say, so CSV Guard asks (never "Mailbox Report").
    await waitFor(() => expect(screen.getByTestId('org-hint').textContent).toMatch(/could not tell from the file which organisation/));
    expect(org.value).toBe('');
    expect((screen.getByRole('button', { name: 'Import report' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(org, { target: { value: 'Leeds Teaching Hospitals' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import report' }));

    const summary = await screen.findByText(/CSV Guard now checks uploads against this report for “Leeds Teaching Hospitals”/, undefined, {
      timeout: 10_000,
    });
    // Focus goes to the result of the import.
    await waitFor(() => expect(document.activeElement?.contains(summary)).toBe(true));
    const details = summary.closest('div')!;
    expect(within(details).getByText('1,200 mailboxes')).toBeTruthy();
    expect(within(details).getByText(/^1 — these accounts have no ExternalSyncID/)).toBeTruthy();
    expect(within(details).getByText(/EmailAddress, DisplayName, FirstName/)).toBeTruthy();
    expect(within(details).getByText('Not stated in the file')).toBeTruthy();

    const list = screen.getByRole('region', { name: 'Cached reports' });
    expect(await within(list).findByRole('heading', { name: 'Leeds Teaching Hospitals' })).toBeTruthy();
    expect(within(list).getByText(/Imported today/)).toBeTruthy();
  });

  it('shows progress as the import goes, and Cancel stops it with the old report kept', async () => {
    let report: ((p: ImportProgress) => void) | undefined;
    let fail: ((e: Error) => void) | undefined;
    let cancelled = false;
    const client: ReportsClient = {
      list: async () => ({ reports: [], damaged: [] }),
      deleteReport: async () => true,
      deleteAll: async () => ({ reports: 0, mailboxes: 0, submissions: 0 }),
      importReport(_input, onProgress) {
        report = onProgress;
        return {
          done: new Promise((_resolve, reject) => {
            fail = reject;
          }),
          cancel: () => {
            cancelled = true;
            fail?.(
              new ReportImportFailure(
                'Import of “Mailbox Report.csv” cancelled. Your previously imported report, if any, is still in use.',
                'cancelled',
              ),
            );
          },
        };
      },
    };
    render(<OptionsApp client={client} />);
    chooseFile('Mailbox Report.csv', mailboxReportCsv(generatePeople(5)));
    fireEvent.input(screen.getByLabelText('Organisation'), { target: { value: 'Trust A' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import report' }));
    await waitFor(() => expect(report).toBeDefined());

    report!({ type: 'progress', phase: 'writing', rowsRead: 40_000, rowsTotal: 100_000 });
    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('40000'));
    expect(bar.getAttribute('aria-valuemax')).toBe('100000');
    expect(bar.getAttribute('aria-valuetext')).toBe('Saving mailboxes: 40,000 of about 100,000 rows');
    expect((screen.getByRole('button', { name: 'Import report' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancelled).toBe(true);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Not imported\. Import of “Mailbox Report.csv” cancelled\. Your previously imported report, if any, is still in use\./,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('explains plainly when an upload CSV is dropped by mistake, and keeps the cached report', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(10), 'Trust A');
    render(<OptionsApp client={inProcessClient(db)} />);
    const dropZone = screen.getByLabelText('Mailbox Report file').closest('.csvg-file-drop')!;
    fireEvent.drop(dropZone, { dataTransfer: { files: [new File([uploadCsv(generatePeople(3))], 'march-updates.csv')] } });
    fireEvent.input(screen.getByLabelText('Organisation'), { target: { value: 'Trust C' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import report' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/“march-updates.csv” looks like a CSV upload file, not the Mailbox Report/);
    expect(alert.textContent).toMatch(/Reports → Admin Reports → Mailbox Report/);
    expect(await screen.findByRole('heading', { name: 'Trust A' })).toBeTruthy();
    expect(await countStoredRows(db)).toBe(10);
  });
});

describe('options page: naming the organisation from the report', () => {
  it('keeps an organisation name typed while the file is still being read', async () => {
    const db = await freshDb();
    render(<OptionsApp client={inProcessClient(db)} />);
    chooseFile('Mailbox Report.csv', mailboxReportCsv(generatePeople(300)));
    const org = screen.getByLabelText('Organisation') as HTMLInputElement;
    fireEvent.input(org, { target: { value: 'Leeds Teaching Hospitals' } }); // before the file's content is read
    await waitFor(() => expect(screen.getByTestId('org-hint').textContent).not.toBe(''));
    expect(org.value).toBe('Leeds Teaching Hospitals');
    expect((screen.getByRole('button', { name: 'Import report' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('names the report from its organisation column', async () => {
    const db = await freshDb();
    render(<OptionsApp client={inProcessClient(db)} />);
    const own = mailboxReportCsv(generatePeople(5).map((p) => ({ ...p, email: p.email.replace('@nhs.net', '@leedsth.nhs.uk') })));
    chooseFile('Mailbox Report.csv', own);
    const org = screen.getByLabelText('Organisation') as HTMLInputElement;
    await waitFor(() => expect(org.value).toBe('leedsth.nhs.uk'));
    expect(screen.getByTestId('org-hint').textContent).toMatch(/Named from the email addresses’ domain/);
  });

  it('never replaces a different organisation\u2019s report without a confirmation naming both; Cancel has focus and Escape backs out', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(8, 1, 'AAA'), 'Trust A');
    render(<OptionsApp client={inProcessClient(db)} />);
    await screen.findByRole('heading', { name: 'Trust A' });
    chooseFile('Mailbox Report.csv', mailboxReportCsv(generatePeople(5, 2, 'BBB')));
    const org = screen.getByLabelText('Organisation') as HTMLInputElement;
    await waitFor(() => expect(screen.getByTestId('org-hint').textContent).toMatch(/could not tell/));
    fireEvent.input(org, { target: { value: 'trust a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import report' }));

    const dialog = await screen.findByRole('dialog', { name: 'Replace the report for “Trust A”?' });
    expect(dialog.textContent).toMatch(/8 mailboxes from “Mailbox Report\.csv”/);
    expect(dialog.textContent).toMatch(/Importing “Mailbox Report\.csv”, whose content does not name its organisation/);
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    fireEvent.keyDown(cancel, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await countStoredRows(db)).toBe(8);

    fireEvent.click(screen.getByRole('button', { name: 'Import report' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Yes, replace “Trust A”' }));
    expect(await screen.findByText(/CSV Guard now checks uploads against this report for “trust a”/, undefined, { timeout: 10_000 })).toBeTruthy();
    await waitFor(async () => expect(await countStoredRows(db)).toBe(5));
  });
});

describe('options page: cached reports, settings and deletion', () => {
  it('says in words when a report is older than the stale age', async () => {
    const db = await freshDb();
    await settingsStored().save({ staleReportDays: 7 });
    const meta = await importPeople(db, generatePeople(5), 'Trust A');
    render(<OptionsApp client={inProcessClient(db, () => meta.importedAt + 9 * DAY_MS)} />);
    expect(await screen.findByText(/Out of date:/)).toBeTruthy();
    expect(screen.getByText(/this report is 9 days old, more than your limit of 7 days/)).toBeTruthy();
  });

  it('deletes one report with its own button', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(5, 1, 'AAA'), 'Trust A');
    await importPeople(db, generatePeople(5, 2, 'BBB'), 'Trust B');
    render(<OptionsApp client={inProcessClient(db)} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete report for Trust A' }));
    expect(await screen.findByText('Deleted the cached report for “Trust A”.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Trust A' })).toBeNull());
    expect(screen.getByRole('heading', { name: 'Trust B' })).toBeTruthy();
  });

  it('asks before deleting all cached data, naming what goes, and can be backed out of', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(25), 'Trust A');
    await db.put('submissions', {
      id: 's1',
      state: 'finished',
      fileName: 'a.csv',
      fingerprint: 'f',
      rowCount: 1,
      header: [],
      localIds: [],
      createdAt: 1,
      updatedAt: 1,
    });
    render(<OptionsApp client={inProcessClient(db)} />);
    await screen.findByRole('heading', { name: 'Trust A' });

    fireEvent.click(screen.getByRole('button', { name: 'Delete cached data…' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete all cached data?' });
    expect(dialog.textContent).toMatch(/1 cached Mailbox Report \(Trust A; 25 mailboxes\) and\s+the upload history/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep my data' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await countStoredRows(db)).toBe(25);

    fireEvent.click(screen.getByRole('button', { name: 'Delete cached data…' }));
    dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, delete everything' }));
    expect(await screen.findByText('Deleted 1 report, 25 mailboxes and 1 upload history record.')).toBeTruthy();
    expect(await screen.findByText(/No Mailbox Report is cached yet/)).toBeTruthy();
    expect([await db.count('reports'), await countStoredRows(db), await db.count('submissions')]).toEqual([0, 0, 0]);
  });

  it("saves settings, calls the batch size CSV Guard's own default, and refuses nonsense", async () => {
    const db = await freshDb();
    render(<OptionsApp client={inProcessClient(db)} />);
    const batch = (await screen.findByLabelText('Rows per upload file (CSV Guard default)')) as HTMLInputElement;
    expect(batch.value).toBe('500');
    expect(screen.getByText(/The portal publishes no limit/)).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Delete cached reports and history after (days)'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/must be a whole number from 1 to 3650\. Nothing was saved/);

    fireEvent.input(screen.getByLabelText('Delete cached reports and history after (days)'), { target: { value: '14' } });
    fireEvent.input(screen.getByLabelText('Warn when the Mailbox Report is older than (days)'), { target: { value: '3' } });
    fireEvent.input(screen.getByLabelText('Upload button selector (optional)'), { target: { value: '#createUsers' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(await settingsStored().load()).toMatchObject({ retentionDays: 14, staleReportDays: 3, selectors: { uploadButton: '#createUsers' } });
    expect(screen.getByText(/deleted automatically after 14 days/)).toBeTruthy();
  });

  it('states what is stored and that it never leaves the browser', async () => {
    render(<OptionsApp client={inProcessClient(await freshDb())} />);
    const privacy = screen.getByRole('region', { name: 'What is stored' });
    expect(privacy.textContent).toMatch(/mobile numbers, including ones users hid from the address book/);
    expect(privacy.textContent).toMatch(/It is never sent anywhere/);
  });
});
