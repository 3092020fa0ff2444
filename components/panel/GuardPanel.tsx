import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Finding, RuleId } from '../../lib/checks/types';
import type { ExportKind } from '../../lib/messaging/checks-protocol';
import type { LoadFindings } from './FindingGroup';
import type { GuardState } from '../../lib/page/guard-state';
import { findingAcknowledged, ruleAcknowledged } from '../../lib/page/acknowledgement';
import { panelHeadline } from '../../lib/page/panel-headline';
import { portalCountWarning } from '../../lib/page/upload-decision';
import { compareValidationAnswer, type ValidationWarning } from '../../lib/page/validation-answer';
import { AcknowledgeBox } from './AcknowledgeBox';
import { CheckSummaryView } from './CheckSummaryView';
import { CorrectedFile, type CorrectionActions } from './CorrectedFile';
import { ExportButtons } from './ExportButtons';
import { FindingGroups } from './FindingGroups';
import { NotRecognisedNotice } from './NotRecognisedNotice';
import { PanelHeadlineView, type HeadlineActions } from './PanelHeadlineView';
import { RemainderRefusedNotice } from './RemainderRefusedNotice';
import { RiskAcknowledgements, type RiskActions } from './RiskAcknowledgements';
import { lineList, ValidationWarningNotice } from './ValidationWarningNotice';
import { count } from './wording';

export interface PanelActions extends HeadlineActions, RiskActions {
  /** The admin acknowledged that the portal will update fewer rows than predicted. */
  onAcknowledgePortalCount: (checked: boolean) => void;
  onExport: (kind: ExportKind) => void;
  /** A page of one rule's findings, for "Show all" (the check's reply carries only the first few). */
  onLoadFindings: LoadFindings;
  /** Open CSV Guard's Mailbox Report import (options page). */
  onOpenReportImport?: () => void;
  /** The corrected file: prepare (change list first), use in the portal's Browse box, download. */
  correction: CorrectionActions;
}

/** The panel next to the portal's upload form. It only renders the guard's state; the guard decides. */
export function GuardPanel({ state, actions }: { state: GuardState; actions: PanelActions }) {
  const holdRef = useRef<HTMLDivElement>(null);
  const headline = panelHeadline(state);
  // Once uploaded, the headline is all there is to say: the findings, warnings and boxes were for before.
  const report = state.check.kind === 'done' && headline.kind !== 'uploaded' ? state.check.report : undefined;
  const risks = report?.risks;
  // Blocking findings read "Acknowledged" once their kind (or, one by one, their row) is.
  const acknowledged = useMemo(
    () => ({
      finding: (f: Finding) => findingAcknowledged(f, state.acknowledged),
      rule: (rule: RuleId) => ruleAcknowledged(rule, risks ?? [], state.acknowledged),
    }),
    [risks, state.acknowledged],
  );

  // When a click is held, focus moves to the reason so keyboard and screen reader users hear why.
  useEffect(() => {
    if (state.heldClicks > 0) holdRef.current?.focus();
  }, [state.heldClicks]);

  if (state.recognised === 'no') return <NotRecognisedNotice />;
  if (state.recognised !== 'yes') return null;

  const check = state.check;
  const warning =
    report && state.validation.kind === 'read' ? compareValidationAnswer(state.validation.answer, report.summary.predictedUpdates) : undefined;
  const holdingWarning = report ? portalCountWarning(state) : undefined;

  return (
    <section class="panel" aria-label="CSV Guard">
      <h2 class="panel-title">CSV Guard</h2>
      <div aria-live="polite" class="live">
        <PanelHeadlineView headline={headline} check={check} noticeRef={holdRef} actions={actions} />
        {report && <CheckSummaryView report={report} />}
      </div>
      {warning && <ValidationWarningNotice warning={warning} />}
      {state.validation.kind === 'waiting' && report && <p class="hint">Reading the portal's validation results…</p>}
      {!state.uploadHoldable && (
        <p class="attention" data-testid="upload-not-holdable" role="note">
          CSV Guard found Validate on this page but no Upload control it can hold, so it cannot stop an upload here. Read the findings before you
          upload, or tell CSV Guard where Upload is on its options page.
        </p>
      )}
      {report && (
        <RiskAcknowledgements
          risks={report.risks}
          acknowledged={state.acknowledged}
          preparing={state.exporting === 'without-overwrites'}
          actions={actions}
        />
      )}
      {holdingWarning && (
        <AcknowledgeBox testId="acknowledge-portal-count" checked={state.validationAcknowledged} onChange={actions.onAcknowledgePortalCount}>
          {portalCountText(holdingWarning)}
        </AcknowledgeBox>
      )}
      {report && <FindingGroups key={report.checkId} groups={report.groups} loadFindings={actions.onLoadFindings} acknowledged={acknowledged} />}
      {report && (report.groups.length > 0 || state.correction) && <CorrectedFile state={state.correction} actions={actions.correction} />}
      {report && <ExportButtons kinds={report.exports} exporting={state.exporting} error={state.exportError} onExport={actions.onExport} />}
      {report?.remainderRefused && <RemainderRefusedNotice refused={report.remainderRefused} onOpenImport={() => actions.onOpenReportImport?.()} />}
    </section>
  );
}

function portalCountText(warning: ValidationWarning): string {
  if (warning.reason === 'missing') {
    return `I understand that the portal did not confirm any of the ${count(warning.expected, 'row')} CSV Guard expected to update existing accounts`;
  }
  const rejected = warning.portalErrorLines.length > 0 ? ` (it rejected ${lineList(warning.portalErrorLines)})` : '';
  return `I understand that the portal will update only ${warning.found.toLocaleString('en-GB')} of the ${count(warning.expected, 'row')} CSV Guard expected${rejected}, and that the others may create new accounts`;
}
