import { checkedCorrection } from '../fixes/checked-correction';
import { linesOf } from '../fixes/by-line';
import type { FixReport } from '../messaging/checks-protocol';
import { runCheckPipeline, type CheckPipelineDeps, type CheckRun } from './check-pipeline';

/** Most changes, needs-attention rows and lines one answer carries: the files hold them all. */
export const MAX_LISTED = 500;

/**
 * The corrected file for a kept check. The corrected file goes through the same pipeline as any
 * chosen file (parse, lookup, rules) before it is offered; all of it runs here, in the background.
 */
export async function fixReportFor(run: CheckRun, deps: CheckPipelineDeps, options: { dropNoChange?: boolean } = {}): Promise<FixReport> {
  const ctx = {
    table: run.table,
    template: run.template,
    columns: run.columns,
    mailboxes: run.index,
    reports: run.reports,
    settings: { batchSize: run.settings.batchSize, staleReportDays: run.settings.staleReportDays },
    submissions: run.submissions,
    now: run.checkedAt,
  };
  const checked = await checkedCorrection(
    ctx,
    async (file) => {
      const bom = file.content.charCodeAt(0) === 0xfeff;
      const outcome = await runCheckPipeline({ fileName: file.name, text: file.content, encoding: bom ? 'utf-8-bom' : 'utf-8' }, deps);
      return outcome.ok ? { ok: true, result: outcome.run.result, mailboxes: outcome.run.mailboxes } : outcome;
    },
    { dropNoChange: options.dropNoChange === true },
  );
  const { correction, recheck } = checked;
  const lines = linesOf(run.result.findings, correction, run.table.headerLine ?? 1);
  const report: FixReport = {
    offered: checked.offered,
    corrected: checked.corrected,
    correctedRows: correction.rows.length,
    changeList: checked.changeList,
    changes: correction.changes.slice(0, MAX_LISTED),
    changeCount: correction.changes.length,
    attention: correction.attention.slice(0, MAX_LISTED).map((r) => ({ line: r.line, reason: r.reason })),
    attentionCount: correction.attention.length,
    noChangeCount: correction.noChangeLines.length,
    droppedNoChange: correction.dropped.length > 0,
    recheck: recheck.summary,
    recheckProblems: recheck.findings
      .filter((f) => f.severity === 'block')
      .slice(0, 5)
      .map((f) => f.message),
    lines: lines.slice(0, MAX_LISTED),
    lineCount: lines.length,
  };
  if (checked.needsAttention) report.needsAttention = checked.needsAttention;
  return report;
}
