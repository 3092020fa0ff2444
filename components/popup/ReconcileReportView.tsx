import type { Ref } from 'preact';
import type { ExportedFile } from '../../lib/messaging/checks-protocol';
import type { DuplicateRow, MissingRow, ReconcileReport, ReconciledRow } from '../../lib/results/types';
import { STATE_LABELS } from '../../lib/submissions/history-csv';
import { VisibleText } from '../shared/VisibleText';
import { ScrollTable } from '../shared/ScrollTable';
import { count, formatWhen } from './wording';

export interface ReconcileReportViewProps {
  report: ReconcileReport;
  onDownload(file: ExportedFile): void;
  /** The admin says these results are for this tracked upload (one of report.candidates). */
  onChooseSubmission?(submissionId: string): void;
  /** The heading, focused once the report is shown. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** What the results email says, counted by what happened to each row, with the rows to act on and the files to download. */
export function ReconcileReportView({ report, onDownload, onChooseSubmission, headingRef }: ReconcileReportViewProps) {
  const { counts, match } = report;
  return (
    <div class="report" data-testid="reconcile-report">
      <h3 ref={headingRef} tabIndex={-1}>
        Results in <VisibleText text={report.fileName} />
      </h3>
      {match ? (
        <p data-testid="match">
          These are the results of{' '}
          <strong>
            <VisibleText text={match.fileName} />
          </strong>
          {match.uploadedAt !== undefined ? `, uploaded at ${formatWhen(match.uploadedAt)}` : ''}.{' '}
          {report.slotFreed
            ? 'It is now recorded as finished with these results, and Upload is allowed again.'
            : 'Its history now holds these results.'}
        </p>
      ) : (
        <p data-testid="match">No tracked upload matches this file by itself, so it was reconciled on its own and no upload's record was changed.</p>
      )}
      {report.candidates && report.candidates.length > 0 && (
        <div class="candidates" data-testid="candidates">
          <p>
            <strong>Are these the results of one of these uploads?</strong> CSV Guard will not assume so: recording them against the wrong upload
            would end its hold while the portal may still be working on it.
          </p>
          <ul>
            {report.candidates.map((c) => (
              <li key={c.submissionId}>
                <VisibleText text={c.reason} /> ({STATE_LABELS[c.state]}
                {c.uploadedAt !== undefined ? `, uploaded at ${formatWhen(c.uploadedAt)}` : ''}){' '}
                <button type="button" data-candidate={c.submissionId} onClick={() => onChooseSubmission?.(c.submissionId)}>
                  Yes, these are the results of “{c.fileName}”
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="hint">
        Result column: “<VisibleText text={report.resultColumn || `column ${report.resultColumnIndex + 1}`} />” (column {report.resultColumnIndex + 1}
        ).
      </p>
      {report.notes.map((note, i) => (
        <p key={i} class="hint">
          <VisibleText text={note} />
        </p>
      ))}

      <dl
        class="counts"
        data-testid="outcome-counts"
        data-success={counts.success}
        data-duplicates={counts.duplicates}
        data-failure={counts.failure}
        data-unknown={counts.unknown + counts.review}
        data-missing={counts.missing}
      >
        <div>
          <dt>Updated</dt>
          <dd>{counts.updated.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Created as predicted</dt>
          <dd>{counts.created.toLocaleString('en-GB')}</dd>
        </div>
        <div class={counts.duplicates > 0 ? 'harm' : ''}>
          <dt>Duplicate accounts created</dt>
          <dd>{counts.duplicates.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{counts.failure.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Unclear result</dt>
          <dd>{(counts.unknown + counts.review).toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Missing from results</dt>
          <dd>{counts.missing.toLocaleString('en-GB')}</dd>
        </div>
      </dl>
      <p class="hint">
        Succeeded: {counts.success.toLocaleString('en-GB')} of {counts.rows.toLocaleString('en-GB')} rows (updated, or created as predicted).
        Duplicate accounts are not counted as successes.
      </p>

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

      <DuplicateRows rows={report.duplicateRows} total={counts.duplicates} />
      <RowTable
        title="Failed rows"
        testId="failed-row"
        rows={report.failedRows}
        total={counts.failure}
        explain="The portal did not apply these rows. Its reason is shown as it wrote it."
      />
      <RowTable
        title="Applied, with a problem"
        testId="review-row"
        rows={report.reviewRows}
        total={counts.review}
        explain="The portal applied these rows but also reported a problem. Check each account in the portal; do not upload these rows again."
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

function shownNote(shown: number, total: number) {
  return shown < total ? <p class="hint">Showing the first {shown.toLocaleString('en-GB')}; the downloads hold every row.</p> : null;
}

/** Each duplicate with the account the person already had, and which one to keep. */
function DuplicateRows({ rows, total }: { rows: DuplicateRow[]; total: number }) {
  if (total === 0) return null;
  return (
    <section class="rows harm" aria-labelledby="duplicate-row-heading" data-testid="duplicates">
      <h4 id="duplicate-row-heading">Duplicate accounts created ({total.toLocaleString('en-GB')})</h4>
      <p class="hint">The portal created a new account for these people although they already had one. NHSmail allows one account per person.</p>
      {shownNote(rows.length, total)}
      <ol class="duplicates">
        {rows.map((row) => (
          <li key={row.line} data-testid="duplicate-row" data-line={row.line} data-local-id={row.localId} data-existing={row.existing?.email ?? ''}>
            <p>
              <strong>Line {row.line}</strong>: <VisibleText text={row.name || '(no name)'} />
              {row.email ? (
                <>
                  {' '}
                  &lt;
                  <VisibleText text={row.email} />
                  &gt;
                </>
              ) : null}
              {row.localId ? (
                <>
                  , local ID{' '}
                  <span class="id">
                    <VisibleText text={row.localId} />
                  </span>
                </>
              ) : null}
              . The portal said “<VisibleText text={row.result} />
              ”.
            </p>
            <p>
              Existing account:{' '}
              {row.existing ? (
                <strong data-testid="existing-account">
                  <VisibleText text={row.existing.email} />
                  {row.existing.localId ? (
                    <>
                      {' '}
                      (local ID{' '}
                      <span class="id">
                        <VisibleText text={row.existing.localId} />
                      </span>
                      )
                    </>
                  ) : null}
                </strong>
              ) : (
                <strong data-testid="existing-account">not known (not found when the file was checked, nor in the cached Mailbox Report)</strong>
              )}
              {row.existingFrom === 'check'
                ? ' — matched when the file was checked.'
                : row.existingFrom === 'report'
                  ? ' — from the cached Mailbox Report.'
                  : ''}
            </p>
            <p class="next-step" data-testid="next-step">
              <strong>Next step:</strong> <VisibleText text={row.nextStep} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RowTable(props: { title: string; testId: string; rows: ReconciledRow[]; total: number; explain: string }) {
  if (props.total === 0) return null;
  const id = `${props.testId}-heading`;
  return (
    <section class="rows" aria-labelledby={id}>
      <h4 id={id}>
        {props.title} ({props.total.toLocaleString('en-GB')})
      </h4>
      <p class="hint">{props.explain}</p>
      {shownNote(props.rows.length, props.total)}
      <ScrollTable labelledBy={id}>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Local ID</th>
            <th scope="col">Name</th>
            <th scope="col">Portal's result</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.line} data-testid={props.testId} data-line={row.line} data-local-id={row.localId}>
              <td class="id">{row.line}</td>
              <td class="id">
                <VisibleText text={row.localId || '(none)'} />
              </td>
              <td>
                <VisibleText text={row.name} />
              </td>
              <td>
                <VisibleText text={row.result} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
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
          <li
            key={`${row.localId}-${i}`}
            data-testid="missing-row"
            data-local-id={row.localId}
            {...(row.line !== undefined ? { 'data-line': row.line } : {})}
          >
            {row.line !== undefined ? `Line ${row.line}: ` : ''}
            <span class="id">
              <VisibleText text={row.localId || '(no local ID)'} />
            </span>
            {row.name ? (
              <>
                {' '}
                (<VisibleText text={row.name} />)
              </>
            ) : null}
            {row.line === undefined ? ' (not in the results file at all)' : ' (blank result)'}
          </li>
        ))}
      </ul>
    </section>
  );
}
