import { useRef, useState } from 'preact/hooks';
import { decodeBytes } from '../../lib/csv/decode';
import type { ReportMeta } from '../../lib/portal/mailbox';
import { labelFromFileName } from '../../lib/portal/organisation';
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
export function ReportImport({ client, onImported, headingLevel = 2 }: ReportImportProps) {
  const [file, setFile] = useState<File>();
  const [orgLabel, setOrgLabel] = useState('');
  const [orgEdited, setOrgEdited] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const running = useRef<RunningImport>();
  const busy = status.kind === 'reading' || status.kind === 'importing';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  function chooseFile(chosen: File) {
    setFile(chosen);
    if (!orgEdited) setOrgLabel(labelFromFileName(chosen.name));
    setStatus({ kind: 'idle' });
  }

  async function startImport(event: Event) {
    event.preventDefault();
    if (!file || busy) return;
    setStatus({ kind: 'reading' });
    let text: string;
    try {
      text = decodeBytes(new Uint8Array(await file.arrayBuffer())).text;
    } catch {
      setStatus({ kind: 'error', message: `“${file.name}” could not be read. Check the file is still where you saved it, then choose it again.` });
      return;
    }
    setStatus({ kind: 'importing' });
    const job = client.importReport({ orgLabel, fileName: file.name, text }, (progress) => setStatus({ kind: 'importing', progress }));
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

  return (
    <section aria-labelledby="report-import-heading">
      <Heading id="report-import-heading">Import the Mailbox Report</Heading>
      <p>
        In the portal, go to Reports → Admin Reports → Mailbox Report, choose your organisation and download{' '}
        <strong>Mailbox Report.csv</strong> when it is ready. Then choose it or drop it here. Importing again for the same
        organisation replaces its report, but only once the new one is fully saved.
      </p>
      <form onSubmit={startImport}>
        <FileDrop label="Mailbox Report file" hint="Drop Mailbox Report.csv here, or choose it." disabled={busy} onFile={chooseFile} />
        {file && <p>Chosen: “{file.name}” ({formatCount(Math.ceil(file.size / 1024))} KB)</p>}
        <p>
          <label for="report-import-org">Organisation</label>
          <br />
          <input
            id="report-import-org"
            type="text"
            value={orgLabel}
            disabled={busy}
            aria-describedby="report-import-org-hint"
            onInput={(event) => {
              setOrgLabel((event.currentTarget as HTMLInputElement).value);
              setOrgEdited(true);
            }}
          />
          <br />
          <small id="report-import-org-hint">A name for the organisation this report covers. A report with the same name is replaced.</small>
        </p>
        <p>
          <button type="submit" disabled={!file || busy}>
            Import report
          </button>{' '}
          {status.kind === 'importing' && (
            <button type="button" onClick={() => running.current?.cancel()}>
              Cancel
            </button>
          )}
        </p>
      </form>

      <div aria-live="polite">
        {status.kind === 'reading' && <p>Reading “{file?.name}”…</p>}
        {status.kind === 'importing' && <ImportProgressView progress={status.progress} />}
        {status.kind === 'done' && <ImportSummary meta={status.meta} />}
      </div>
      {status.kind === 'error' && (
        <div role="alert">
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
