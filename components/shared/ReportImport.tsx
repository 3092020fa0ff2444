import { useEffect, useRef, useState } from 'preact/hooks';
import { FileTooLarge, readUserFile } from '../../lib/csv/read-file';
import type { ReportSummary } from '../../lib/messaging/reports-protocol';
import type { ReportMeta } from '../../lib/portal/mailbox';
import { guessOrganisation, sameOrganisation, SOURCE_WORDS, type OrganisationGuess } from '../../lib/portal/organisation-name';
import { orgIdFor } from '../../lib/portal/organisation';
import { ReportImportFailure, type ImportProgress, type ReportsClient, type RunningImport } from '../../lib/messaging/reports-client';
import { FileDrop } from './FileDrop';
import { formatCount, formatDateTime, plural } from './format';
import { ProgressBar } from './ProgressBar';

type Status =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'importing'; progress?: ImportProgress }
  | { kind: 'done'; meta: ReportMeta }
  | { kind: 'error'; message: string };

export interface ReportImportProps {
  client: ReportsClient;
  /** The reports already cached: importing under one of their names replaces it, so that is confirmed. */
  existing?: ReportSummary[];
  /** The organisation name the portal page shows, when known: it names the report. */
  pageOrganisation?: string;
  /** Called once a report is fully imported and in use. */
  onImported?(meta: ReportMeta): void;
  /** Heading level of the section title (the popup nests it differently). */
  headingLevel?: 2 | 3;
}

const PHASE_TEXT: Record<ImportProgress['phase'], string> = {
  parsing: 'Reading the file',
  writing: 'Saving mailboxes',
  swapping: 'Switching to the new report',
};

/**
 * Choose or drop Mailbox Report.csv, name its organisation, import it with a progress bar, see a summary.
 * The file is read here and sent to CSV Guard's background; nothing leaves the browser.
 */
export function ReportImport({ client, existing = [], pageOrganisation, onImported, headingLevel = 2 }: ReportImportProps) {
  const [file, setFile] = useState<File>();
  // The chosen file's text, read once when it is chosen (the organisation is named from it).
  /** The chosen file's text, or why it cannot be imported (said when Import is pressed). */
  const text = useRef<Promise<string | Error>>();
  const [guess, setGuess] = useState<OrganisationGuess>();
  const [orgLabel, setOrgLabel] = useState('');
  const [orgEdited, setOrgEdited] = useState(false);
  // Read after the file is decoded, so it must see a name typed meanwhile (the state in that closure would not).
  const orgEditedRef = useRef(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [replacing, setReplacing] = useState<ReportSummary>();
  const running = useRef<RunningImport>();
  const orgInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const cancelReplaceRef = useRef<HTMLButtonElement>(null);
  const focusResult = useRef(false);
  const busy = status.kind === 'reading' || status.kind === 'importing';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  useEffect(() => {
    // After Import, focus goes to what happened: the summary or the reason it failed.
    if (focusResult.current && (status.kind === 'done' || status.kind === 'error')) {
      resultRef.current?.focus();
      focusResult.current = false;
    }
  }, [status]);
  useEffect(() => {
    if (replacing) cancelReplaceRef.current?.focus();
  }, [replacing]);

  async function chooseFile(chosen: File) {
    setFile(chosen);
    setReplacing(undefined);
    setStatus({ kind: 'idle' });
    const reading = readUserFile(chosen).then(
      (decoded) => decoded.text,
      (error: unknown) =>
        error instanceof FileTooLarge
          ? error
          : new Error(`“${chosen.name}” could not be read. Check the file is still where you saved it, then choose it again.`),
    );
    text.current = reading;
    const read = await reading;
    if (text.current !== reading) return; // another file was chosen meanwhile
    const named = read instanceof Error ? { options: [] } : guessOrganisation(read, pageOrganisation);
    setGuess(named);
    if (!orgEditedRef.current) setOrgLabel(named.name ?? '');
  }

  function startImport(event: Event) {
    event.preventDefault();
    if (!file || busy) return;
    const label = orgLabel.trim();
    if (!label) {
      orgInput.current?.focus();
      return;
    }
    const same = existing.find((r) => r.orgId === orgIdFor(label));
    // Replacing a cached report is confirmed, naming both, unless the file's own content names the same organisation.
    if (same && !(guess?.name && sameOrganisation(guess.name, same.orgLabel))) {
      setReplacing(same);
      return;
    }
    void runImport(label);
  }

  async function runImport(label: string) {
    if (!file) return;
    setReplacing(undefined);
    focusResult.current = true;
    setStatus({ kind: 'reading' });
    const content = await text.current;
    if (content === undefined || content instanceof Error) {
      setStatus({ kind: 'error', message: content?.message ?? `“${file.name}” could not be read. Choose it again.` });
      return;
    }
    setStatus({ kind: 'importing' });
    const job = client.importReport({ orgLabel: label, fileName: file.name, file, text: content }, (progress) =>
      setStatus({ kind: 'importing', progress }),
    );
    running.current = job;
    try {
      const meta = await job.done;
      setStatus({ kind: 'done', meta });
      onImported?.(meta);
    } catch (error) {
      const message =
        error instanceof ReportImportFailure || error instanceof Error
          ? error.message
          : `“${file.name}” was not imported. Your previously imported report, if any, is still in use.`;
      setStatus({ kind: 'error', message });
    } finally {
      running.current = undefined;
    }
  }

  const named = guess?.name && !orgEdited && guess.source ? guess : undefined;
  const ask = file && guess && !guess.name && !orgEdited;

  return (
    <section aria-labelledby="report-import-heading">
      <Heading id="report-import-heading">Import the Mailbox Report</Heading>
      <p>
        In the portal, go to Reports → Admin Reports → Mailbox Report, choose your organisation and download <strong>Mailbox Report.csv</strong> when
        it is ready. Then choose it or drop it here. CSV Guard names the report after the organisation its content shows, and asks before replacing
        another organisation's report.
      </p>
      <form onSubmit={startImport}>
        <FileDrop label="Mailbox Report file" hint="Drop Mailbox Report.csv here, or choose it." disabled={busy} onFile={(f) => void chooseFile(f)} />
        {file && (
          <p>
            Chosen: “{file.name}” ({formatCount(Math.ceil(file.size / 1024))} KB)
          </p>
        )}
        <p>
          <label for="report-import-org">Organisation</label>
          <br />
          <input
            id="report-import-org"
            ref={orgInput}
            type="text"
            value={orgLabel}
            disabled={busy}
            required
            list={guess && guess.options.length > 0 ? 'report-import-org-options' : undefined}
            aria-describedby="report-import-org-hint"
            aria-invalid={ask ? 'true' : undefined}
            onInput={(event) => {
              setOrgLabel((event.currentTarget as HTMLInputElement).value);
              setOrgEdited(true);
              orgEditedRef.current = true;
            }}
          />
          {guess && guess.options.length > 0 && (
            <datalist id="report-import-org-options">
              {guess.options.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          )}
          <br />
          <small id="report-import-org-hint" data-testid="org-hint">
            {named
              ? `Named from ${SOURCE_WORDS[named.source!]}. Change it if that is not how you call this organisation.`
              : ask
                ? `CSV Guard could not tell from the file which organisation it covers${guess.options.length > 0 ? ` (it holds ${guess.options.map((o) => `“${o}”`).join(', ')})` : ''}: type the organisation's name.`
                : 'The organisation this report covers. A report with the same name is replaced, after you confirm.'}
          </small>
        </p>
        <p>
          <button type="submit" disabled={!file || busy || orgLabel.trim() === ''}>
            Import report
          </button>{' '}
          {status.kind === 'importing' && (
            <button type="button" onClick={() => running.current?.cancel()}>
              Cancel
            </button>
          )}
        </p>
      </form>

      {replacing && file && (
        <div
          role="dialog"
          aria-modal="false"
          aria-labelledby="report-replace-heading"
          aria-describedby="report-replace-text"
          class="csvg-confirm"
          data-testid="replace-confirm"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setReplacing(undefined);
              orgInput.current?.focus();
            }
          }}
          style={{ border: '2px solid #d5281b', padding: '1rem', marginTop: '0.5rem' }}
        >
          <h3 id="report-replace-heading">Replace the report for “{replacing.orgLabel}”?</h3>
          <p id="report-replace-text">
            CSV Guard already holds the report for “{replacing.orgLabel}” ({plural(replacing.rowCount, 'mailbox', 'mailboxes')} from “
            {replacing.fileName}”, imported {formatDateTime(replacing.importedAt)}). Importing “{file.name}”
            {guess?.name ? `, which ${SOURCE_WORDS[guess.source!]} names “${guess.name}”,` : ', whose content does not name its organisation,'} under
            the same name replaces it. If this file is another organisation's report, cancel and give it that organisation's name.
          </p>
          <button type="button" onClick={() => void runImport(orgLabel.trim())}>
            Yes, replace “{replacing.orgLabel}”
          </button>{' '}
          <button
            type="button"
            ref={cancelReplaceRef}
            onClick={() => {
              setReplacing(undefined);
              orgInput.current?.focus();
            }}
          >
            Cancel
          </button>
        </div>
      )}

      <div aria-live="polite">
        {status.kind === 'reading' && <p>Reading “{file?.name}”…</p>}
        {status.kind === 'importing' && <ImportProgressView progress={status.progress} />}
        {status.kind === 'done' && (
          <div ref={resultRef} tabIndex={-1} class="csvg-import-result">
            <ImportSummary meta={status.meta} />
          </div>
        )}
      </div>
      {status.kind === 'error' && (
        <div role="alert" ref={resultRef} tabIndex={-1} class="csvg-import-result">
          <p>
            <strong>Not imported.</strong> {status.message}
          </p>
        </div>
      )}
    </section>
  );
}

function ImportProgressView({ progress }: { progress?: ImportProgress }) {
  const rowsRead = progress?.rowsRead ?? 0;
  const total = progress?.rowsTotal;
  const phase = PHASE_TEXT[progress?.phase ?? 'parsing'];
  const valueText = total ? `${phase}: ${formatCount(rowsRead)} of about ${formatCount(total)} rows` : `${phase}: ${formatCount(rowsRead)} rows`;
  return <ProgressBar label="Import progress" value={rowsRead} max={total} valueText={valueText} />;
}

function ImportSummary({ meta }: { meta: ReportMeta }) {
  return (
    <div class="csvg-import-summary">
      <p>
        <strong>Imported.</strong> CSV Guard now checks uploads against this report for “{meta.orgLabel}”.
      </p>
      <dl>
        <dt>File</dt>
        <dd>{meta.fileName}</dd>
        <dt>Rows</dt>
        <dd>{plural(meta.rowCount, 'mailbox', 'mailboxes')}</dd>
        <dt>Rows without a local ID</dt>
        <dd>
          {formatCount(meta.rowsWithoutLocalId)}
          {meta.rowsWithoutLocalId > 0 &&
            ' — these accounts have no ExternalSyncID, so an upload cannot match them by local ID and would create duplicates. Checks will point them out.'}
        </dd>
        <dt>Columns</dt>
        <dd>{meta.columns.join(', ')}</dd>
        <dt>Generated by the portal</dt>
        <dd>{meta.generatedAt === undefined ? 'Not stated in the file' : formatDateTime(meta.generatedAt)}</dd>
        <dt>Imported</dt>
        <dd>{formatDateTime(meta.importedAt)}</dd>
      </dl>
    </div>
  );
}
