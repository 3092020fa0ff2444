import type { Risk, RiskKind } from '../../lib/checks/risks';
import { consequence, isOneByOne, riskAcknowledged, rowsListed, type Acknowledgement } from '../../lib/page/acknowledgement';
import { AcknowledgeBox } from './AcknowledgeBox';
import { count } from './wording';

export interface RiskActions {
  onAcknowledgeKind: (kind: RiskKind, checked: boolean) => void;
  onAcknowledgeRow: (line: number, checked: boolean) => void;
  /** "Upload without these rows": the file minus the rows that would overwrite another person's account. */
  onUploadWithoutOverwrites: () => void;
}

/**
 * One acknowledgement per kind of risk, each with its count and consequence. Rows that would overwrite
 * another person's account have no box for the whole kind: the file goes without them, or each row is
 * acknowledged on its own.
 */
export function RiskAcknowledgements({
  risks,
  acknowledged,
  preparing,
  actions,
}: {
  risks: readonly Risk[];
  acknowledged: Acknowledgement;
  preparing: boolean;
  actions: RiskActions;
}) {
  if (risks.length === 0) return null;
  return (
    <div class="risks" role="group" aria-labelledby="risks-title" data-testid="risks">
      <h3 id="risks-title">Risks to acknowledge before Upload</h3>
      <ul class="risk-list">
        {risks.map((risk) => (
          <li key={risk.kind} data-risk-kind={risk.kind} data-acknowledged={String(riskAcknowledged(risk, acknowledged))}>
            {isOneByOne(risk.kind) ? (
              <OneByOne risk={risk} acknowledged={acknowledged} preparing={preparing} actions={actions} />
            ) : (
              <AcknowledgeBox
                testId={`acknowledge-${risk.kind}`}
                checked={acknowledged.kinds.includes(risk.kind)}
                onChange={(checked) => actions.onAcknowledgeKind(risk.kind, checked)}
              >
                I understand that {lowerFirst(consequence(risk))}
              </AcknowledgeBox>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function OneByOne({
  risk,
  acknowledged,
  preparing,
  actions,
}: {
  risk: Risk;
  acknowledged: Acknowledgement;
  preparing: boolean;
  actions: RiskActions;
}) {
  const listed = rowsListed(risk);
  return (
    <div class="one-by-one">
      <p class="attention">{consequence(risk)}.</p>
      <p>
        {risk.rows === 1 ? 'This row cannot' : 'These rows cannot'} be waved through with one tick. Upload the file without{' '}
        {risk.rows === 1 ? 'it' : 'them'} (the rest still goes through CSV Guard), or correct the local IDs
        {listed ? ', or acknowledge each row on its own if you are sure' : ''}.
      </p>
      <div class="export-buttons">
        <button
          type="button"
          class="primary"
          data-testid="upload-without-overwrites"
          disabled={preparing}
          onClick={actions.onUploadWithoutOverwrites}
        >
          Upload without {risk.rows === 1 ? 'this row' : `these ${count(risk.rows, 'row')}`}
        </button>
      </div>
      {listed ? (
        <fieldset class="risk-rows">
          <legend>Or acknowledge each row on its own</legend>
          {risk.items!.map((item) => (
            <AcknowledgeBox
              key={item.line}
              testId={`acknowledge-line-${item.line}`}
              checked={acknowledged.lines.includes(item.line)}
              onChange={(checked) => actions.onAcknowledgeRow(item.line, checked)}
            >
              {risk.kind === 'overwrite'
                ? `I understand that line ${item.line} will overwrite ${item.account ?? "another person's account"}`
                : `I understand that line ${item.line} may overwrite another person's account (its local ID is on several accounts)`}
            </AcknowledgeBox>
          ))}
        </fieldset>
      ) : (
        <p class="hint">There are too many of these rows to acknowledge one by one: upload without them, or correct the file.</p>
      )}
    </div>
  );
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
