import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { FileTooLarge, readUserFile } from '../../lib/csv/read-file';
import type { DecodedText } from '../../lib/csv/types';
import type { ExportedFile } from '../../lib/messaging/checks-protocol';
import type { ReportSummary } from '../../lib/messaging/reports-protocol';
import type { ReconcileReport } from '../../lib/results/types';
import { historyCsv } from '../../lib/submissions/history-csv';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import type { SlotStatus } from '../../lib/submissions/types';
import { VisibleText } from '../shared/VisibleText';
import { HistoryList } from './HistoryList';
import { backgroundPopupClient, type PopupClient } from './popup-client';
import { ReconcileReportView } from './ReconcileReportView';
import { ReportStatus } from './ReportStatus';
import { ResultsDrop } from './ResultsDrop';
import { saveFile } from './save-file';
import { SubmissionCard } from './SubmissionCard';
import './popup.css';
import { errorMessage } from '../../lib/error-message';

export interface PopupAppProps {
  client?: PopupClient;
  /** 'tab' when opened in a full tab ("Open in a tab", the reconcile view); the toolbar popup otherwise. */
  mode?: 'popup' | 'tab';
  /** 'results': the reconcile view, opened to choose a results file (focus starts on the chooser). */
  start?: 'results';
}

type ResultsState =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'done'; report: ReconcileReport; file: { name: string; decoded: DecodedText } }
  | { kind: 'error'; fileName: string; message: string };

/** Expired uploads from the last week stay in view until their results are reconciled. */
const ATTENTION_MS = 7 * 24 * 3_600_000;

function modeFromLocation(): 'popup' | 'tab' {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('view') === 'tab' ? 'tab' : 'popup';
  } catch {
    return 'popup';
  }
}

/** popup.html?view=tab&start=results: the reconcile view, opened from the toolbar popup to choose a results file. */
function startFromLocation(): 'results' | undefined {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('start') === 'results' ? 'results' : undefined;
  } catch {
    return undefined;
  }
}

/** Popup: the in-flight submission, results reconciliation and history. */
export function PopupApp({ client = backgroundPopupClient, mode = modeFromLocation(), start = startFromLocation() }: PopupAppProps) {
  const [slot, setSlot] = useState<SlotStatus>();
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [loadError, setLoadError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [results, setResults] = useState<ResultsState>({ kind: 'idle' });
  const [reports, setReports] = useState<ReportSummary[]>();
  // Focus goes to the result of every action: the notice, the reconcile report or its error.
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const reportHeadingRef = useRef<HTMLHeadingElement>(null);
  const resultsErrorRef = useRef<HTMLParagraphElement>(null);
  const focusNext = useRef<'notice' | 'results' | undefined>();

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    const element =
      target === 'notice'
        ? noticeRef.current
        : results.kind === 'done'
          ? reportHeadingRef.current
          : results.kind === 'error'
            ? resultsErrorRef.current
            : null;
    if (element) {
      element.focus();
      focusNext.current = undefined;
    }
  });

  useEffect(() => {
    if (start === 'results') document.querySelector<HTMLInputElement>('input[data-testid="results-input"]')?.focus();
  }, [start]);

  function announce(text: string, focus = true) {
    setNotice(text);
    if (focus) focusNext.current = 'notice';
  }

  const refresh = useCallback(async () => {
    try {
      const [nextSlot, nextHistory] = await Promise.all([client.slotStatus(), client.history()]);
      // An answer without the slot would leave "Reading the upload state…" for ever: say so, with Try again.
      if (!nextSlot?.state) throw new Error('the background answered without it');
      setSlot(nextSlot);
      setHistory(nextHistory);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(`CSV Guard could not read its upload state: ${errorMessage(error)}`);
    }
    // Separate, so a report problem never hides the upload state.
    setReports(await client.reports().catch(() => undefined));
  }, [client]);

  useEffect(() => {
    void refresh();
    return client.onSlotChanged(() => void refresh());
  }, [client, refresh]);

  async function finish(submission: { id: string; fileName: string }) {
    try {
      await client.finish(submission.id);
      announce(`“${submission.fileName}” is marked as finished. Upload is allowed again.`);
    } catch (error) {
      announce(`“${submission.fileName}” was not changed: ${errorMessage(error)}`);
    }
    await refresh();
  }

  async function release(submission: { id: string; fileName: string }) {
    try {
      const released = await client.release(submission.id);
      announce(
        released ? `The hold on “${submission.fileName}” is released.` : `“${submission.fileName}” has already been uploaded, so its hold stays.`,
      );
    } catch (error) {
      announce(`The hold on “${submission.fileName}” was not released: ${errorMessage(error)}`);
    }
    await refresh();
  }

  async function readResults(file: File) {
    setNotice(undefined);
    setResults({ kind: 'reading', fileName: file.name });
    try {
      // Let "Reading…" paint before reading a big file; the parsing itself runs in the background.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await reconcile({ name: file.name, decoded: await readUserFile(file) });
    } catch (error) {
      focusNext.current = 'results';
      const message = error instanceof FileTooLarge ? error.message : `CSV Guard could not read “${file.name}”: ${errorMessage(error)}.`;
      setResults({ kind: 'error', fileName: file.name, message });
      await refresh();
    }
  }

  /** Send the decoded file to the background; `submissionId` when the admin chose which upload it is for. */
  async function reconcile(file: { name: string; decoded: DecodedText }, submissionId?: string) {
    setResults({ kind: 'reading', fileName: file.name });
    try {
      const reply = await client.reconcile(file.name, file.decoded, submissionId);
      focusNext.current = 'results';
      setResults(
        reply.outcome === 'reconciled' ? { kind: 'done', report: reply.report, file } : { kind: 'error', fileName: file.name, message: reply.error },
      );
    } catch (error) {
      focusNext.current = 'results';
      setResults({ kind: 'error', fileName: file.name, message: `CSV Guard could not read “${file.name}”: ${errorMessage(error)}.` });
    }
    await refresh();
  }

  function download(file: ExportedFile) {
    saveFile(file);
    // The button stays where it was (and keeps focus); the live region says what happened.
    announce(`Saved “${file.name}” to your browser's downloads.`, false);
  }

  const attention = history.filter((s) => s.state === 'expired' && Date.now() - s.updatedAt < ATTENTION_MS);

  return (
    <main class={`popup mode-${mode}`}>
      <header class="top">
        <h1>CSV Guard</h1>
        {mode === 'popup' && (
          <button
            type="button"
            class="link-button"
            onClick={async () => {
              await client.openInTab();
              globalThis.close?.();
            }}
          >
            Open in a tab
          </button>
        )}
      </header>

      <div role="status" aria-live="polite" class="live">
        {notice && (
          <p class="notice" data-testid="notice" tabIndex={-1} ref={noticeRef}>
            <VisibleText text={notice} />
          </p>
        )}
      </div>
      {loadError && (
        <p class="error" role="alert">
          {loadError}{' '}
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </p>
      )}

      {slot ? <SubmissionCard slot={slot} onFinish={finish} onRelease={release} /> : !loadError && <p class="hint">Reading the upload state…</p>}

      {attention.length > 0 && (
        <section class="card attention" aria-labelledby="attention-heading" data-testid="attention">
          <h2 id="attention-heading">Needs your attention</h2>
          <ul>
            {attention.map((s) => (
              <li key={s.id}>
                <strong>
                  <VisibleText text={s.fileName} />
                </strong>
                : <VisibleText text={s.note ?? 'Expired without results.'} /> If its results email has arrived, reconcile it below.
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="card" aria-labelledby="results-heading">
        <h2 id="results-heading">Results email</h2>
        <ResultsDrop
          disabled={results.kind === 'reading'}
          onFile={(file) => void readResults(file)}
          {...(mode === 'popup'
            ? {
                chooseInTab: async () => {
                  await client.openReconcileTab();
                  globalThis.close?.();
                },
              }
            : {})}
        />
        <div aria-live="polite" class="live">
          {results.kind === 'reading' && (
            <p data-testid="results-progress">
              Reading <VisibleText text={results.fileName} />…
            </p>
          )}
          {results.kind === 'error' && (
            <p class="error" data-testid="results-error" tabIndex={-1} ref={resultsErrorRef}>
              <VisibleText text={results.message} />
            </p>
          )}
          {results.kind === 'done' && <p class="sr-only">{outcomeSentence(results.report)}</p>}
        </div>
        {results.kind === 'done' && (
          <ReconcileReportView
            report={results.report}
            onDownload={download}
            headingRef={reportHeadingRef}
            onChooseSubmission={(submissionId) => void reconcile(results.file, submissionId)}
          />
        )}
      </section>

      <ReportStatus
        reports={reports}
        onImport={async () => {
          await client.openOptions();
          globalThis.close?.();
        }}
      />

      <HistoryList submissions={history} onExport={() => download(historyCsv(history))} />
    </main>
  );
}

/** What a screen reader hears once the results are read: every class, duplicates included. */
export function outcomeSentence(report: ReconcileReport): string {
  const c = report.counts;
  const parts = [`${c.success.toLocaleString('en-GB')} succeeded`];
  if (c.duplicates > 0) parts.push(`${c.duplicates.toLocaleString('en-GB')} duplicate account${c.duplicates === 1 ? '' : 's'} created`);
  parts.push(`${c.failure.toLocaleString('en-GB')} failed`);
  if (c.unknown + c.review > 0) parts.push(`${(c.unknown + c.review).toLocaleString('en-GB')} unclear`);
  if (c.missing > 0) parts.push(`${c.missing.toLocaleString('en-GB')} missing from the results`);
  const candidates = report.candidates?.length ? ' CSV Guard is not sure which upload these results are for: choose it below.' : '';
  return `Reconciled: ${parts.join(', ')}.${candidates}`;
}
