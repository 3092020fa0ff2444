import type { ExportedFile } from '../../lib/messaging/checks-protocol';
import type { MissingRow, ReconcileReport, ReconciledRow } from '../../lib/results/types';
import { VisibleText } from '../panel/VisibleText';
import { count, formatWhen } from './wording';

export interface ReconcileReportViewProps {
  report: ReconcileReport;
  onDownload(file: ExportedFile): void;
}

/** What the results email says: counts, the rows to act on, and the files to download. */
export function ReconcileReportView({ report, onDownload }: ReconcileReportViewProps) {
  const { counts, match } = report;
  return (
    <div class="report" data-testid="reconcile-report">
      <h3>
        Results in <VisibleText text={report.fileName} />
      </h3>
      {match ? (
        <p data-testid="match">
          These are the results of <strong><VisibleText text={match.fileName} /></strong>
          {match.uploadedAt !== undefined ? `, uploaded at ${formatWhen(match.uploadedAt)}` : ''}.{' '}
          {report.slotFreed ? 'It is now recorded as finished with these results, and Upload is allowed again.' : 'Its history now holds these results.'}
        </p>
      ) : (
        <p data-testid="match">No tracked upload matches this file, so it was reconciled on its own.</p>
      )}
      <p class="hint">
        Result column: “<VisibleText text={report.resultColumn || `column ${report.resultColumnIndex + 1}`} />” (column {report.resultColumnIndex + 1}).
      </p>
      {report.notes.map((note, i) => (
        <p key={i} class="hint">
          <VisibleText text={note} />
        </p>
      ))}

      <dl class="counts" data-testid="outcome-counts" data-success={counts.success} data-failure={counts.failure} data-unknown={counts.unknown} data-missing={counts.missing}>
        <div><dt>Succeeded</dt><dd>{counts.success.toLocaleString('en-GB')}</dd></div>
        <div><dt>Failed</dt><dd>{counts.failure.toLocaleString('en-GB')}</dd></div>
        <div><dt>Unclear result</dt><dd>{counts.unknown.toLocaleString('en-GB')}</dd></div>
        <div><dt>Missing from results</dt><dd>{counts.missing.toLocaleString('en-GB')}</dd></div>
        <div><dt>New account instead of update</dt><dd>{counts.createdInsteadOfUpdated.toLocaleString('en-GB')}</dd></div>
      </dl>

      {(report.files.retry || report.files.needsReview) && (
        <div class="downloads">
          {report.files.retry && (
            <button type="button" class="primary" data-export="retry" onClick={() => onDownload(report.files.retry!)}>
              Download retry file ({count(counts.failure, 'failed row')})
            </button>
          )}
          {report.files.needsReview && (
            <button type="button" data-export="needs-review" onClick={() => onDownload(report.files.needsReview!)}>
              Download “needs review” file
            </button>
          )}
          {report.files.retry && (
            <p class="hint">
              The retry file has only the failed rows, with the uploaded file's columns (no result column, no password column). Fix them, then upload
              it as a new file. Do not upload the whole original file again: its other rows have been applied.
            </p>
          )}
        </div>
      )}

      <RowTable
        title="Failed rows"
        testId="failed-row"
        rows={report.failedRows}
        total={counts.failure}
        explain="The portal did not apply these rows. Its reason is shown as it wrote it."
      />
      <RowTable
        title="New accounts where an update was expected"
        testId="created-row"
        rows={report.createdInsteadOfUpdated}
        total={counts.createdInsteadOfUpdated}
        explain="The portal created a new account for these rows although the person already had one: look for the duplicate in the portal."
        showExisting
      />
      <RowTable
        title="Rows with an unclear result"
        testId="unknown-row"
        rows={report.unknownRows}
        total={counts.unknown}
        explain="CSV Guard cannot tell whether these were applied. Check them in the portal before uploading them again."
      />
      <MissingRows rows={report.missingRows} total={counts.missing} />
    </div>
  );
}

function RowTable(props: { title: string; testId: string; rows: ReconciledRow[]; total: number; explain: string; showExisting?: boolean }) {
  if (props.total === 0) return null;
  const id = `${props.testId}-heading`;
  return (
    <section class="rows" aria-labelledby={id}>
      <h4 id={id}>
        {props.title} ({props.total.toLocaleString('en-GB')})
      </h4>
      <p class="hint">{props.explain}</p>
      {props.rows.length < props.total && (
        <p class="hint">Showing the first {props.rows.length.toLocaleString('en-GB')}; the downloads hold every row.</p>
      )}
      <div class="table-scroll" tabIndex={0} aria-labelledby={id}>
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Local ID</th>
              <th scope="col">Name</th>
              {props.showExisting && <th scope="col">Email</th>}
              {props.showExisting && <th scope="col">Existing account</th>}
              <th scope="col">Portal's result</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.line} data-testid={props.testId} data-line={row.line} data-local-id={row.localId}>
                <td>{row.line}</td>
                <td><VisibleText text={row.localId || '(none)'} /></td>
                <td><VisibleText text={row.name} /></td>
                {props.showExisting && <td><VisibleText text={row.email} /></td>}
                {props.showExisting && <td><VisibleText text={row.existingEmail ?? 'not in the cached Mailbox Report'} /></td>}
                <td><VisibleText text={row.result} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MissingRows({ rows, total }: { rows: MissingRow[]; total: number }) {
  if (total === 0) return null;
  return (
    <section class="rows" aria-labelledby="missing-heading">
      <h4 id="missing-heading">Rows missing from the results ({total.toLocaleString('en-GB')})</h4>
      <p class="hint">The results say nothing about these rows. Check them in the portal: they may or may not have been applied.</p>
      <ul>
        {rows.map((row, i) => (
          <li key={`${row.localId}-${i}`} data-testid="missing-row" data-local-id={row.localId} {...(row.line !== undefined ? { 'data-line': row.line } : {})}>
            {row.line !== undefined ? `Line ${row.line}: ` : ''}
            <VisibleText text={row.localId || '(no local ID)'} />
            {row.name ? <> (<VisibleText text={row.name} />)</> : null}
            {row.line === undefined ? ' (not in the results file at all)' : ' (blank result)'}
          </li>
        ))}
      </ul>
    </section>
  );
}
