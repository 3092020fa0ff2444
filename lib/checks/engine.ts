import type { ColumnRole } from '../portal/columns';
import { scanCells } from './cell-scan';
import type { CheckContext, CheckResult } from './context';
import { RowAnalyser, rowKeysOf, type RowAnalysis } from './row-analysis';
import { RowGroups } from './row-groups';
import type { RuleInput } from './rule';
import { findSubmissionOverlaps, type SubmissionOverlap } from './submission-overlap';
import { RULES } from './rules';
import { uploadKeysOf, type UploadKeys } from './upload-keys';
import { SEVERITY_ORDER, type CheckSummary, type Finding, type RuleId } from './types';
import type { PredictedDuplicate } from '../submissions/types';

export type { CheckContext, CheckResult } from './context';

/**
 * Run every registered rule over one upload. Each row is analysed once (its keys, the mailbox its
 * local ID points at, whether it would update or create) and the analysis is shared by all rules.
 * Never throws: a rule that fails is reported as a finding telling the admin to check by hand.
 */
export function runChecks(ctx: CheckContext): CheckResult {
  const findings: Finding[] = [];
  const rows: RowAnalysis[] = [];
  const groups = new RowGroups();
  const reportsAvailable = ctx.reports.length > 0 || ctx.mailboxes.size > 0;
  const headerLine = ctx.table.headerLine ?? 1;
  // Each row's keys made once (or by the caller, for the lookup), and what the lookup found for them.
  let keys: UploadKeys;
  try {
    keys = ctx.keys ?? uploadKeysOf(ctx.table, ctx.columns);
    const analyser = new RowAnalyser(ctx.columns, ctx.mailboxes, reportsAvailable, keys, ctx.matches);
    const tableRows = ctx.table.rows;
    for (let i = 0; i < tableRows.length; i++) {
      const r = analyser.analyse(tableRows[i]!, i);
      rows.push(r);
      groups.add(r);
    }
  } catch (error) {
    findings.push({
      rule: 'header',
      severity: 'block',
      line: 0,
      message: `CSV Guard could not analyse this file (${String(error)}), so none of its rows have been checked.`,
      fix: 'Save the file again from Excel as "CSV UTF-8" and check it again. Do not upload it until it has been checked.',
    });
    return { summary: summarise(ctx, new RowGroups(), findings), findings, predictedUpdateLocalIds: [] };
  }

  let overlaps: SubmissionOverlap[] | undefined;
  const input: RuleInput = {
    ctx,
    rows,
    groups,
    keys,
    headerLine,
    cells: scanCells(ctx.table, ctx.source),
    reportsAvailable,
    columnName: (role: ColumnRole) => {
      const index = ctx.columns[role];
      return index === undefined ? undefined : ctx.table.header[index];
    },
    submissionOverlaps: () =>
      (overlaps ??= findSubmissionOverlaps(
        ctx.table,
        ctx.columns,
        ctx.submissions,
        ctx.fingerprint,
        { reports: ctx.reports, mailboxes: ctx.mailboxes, sameLocalId: (row) => rows[row]!.sameLocalId },
        true,
        { keys: { keys, rowKeys: (row) => rowKeysOf(rows[row]!) }, rowHashes: ctx.rowHashes, recordedRows: ctx.recordedRows },
      )),
  };
  const emit = (finding: Finding) => findings.push(capped(finding));
  for (const rule of RULES) {
    try {
      rule.run(input, emit);
    } catch (error) {
      findings.push({
        rule: rule.id,
        severity: 'warn',
        line: 0,
        message: `CSV Guard could not complete its "${rule.id}" check (${String(error)}).`,
        fix: 'Check this part by hand before uploading, and report the problem to whoever supports CSV Guard.',
      });
    }
  }
  sortFindings(findings);
  return {
    summary: summarise(ctx, groups, findings),
    findings,
    predictedUpdateLocalIds: predictedUpdateLocalIds(rows, keys),
    predictedDuplicates: predictedDuplicates(rows),
    ...(overlaps && overlaps.length > 0 ? { submissionOverlaps: overlaps } : {}),
  };
}

/** Most predicted duplicates an upload keeps: enough to name each one, never a copy of the report. */
const MAX_PREDICTED_DUPLICATES = 5_000;

/** The results email can then name the existing account each created duplicate repeats. */
function predictedDuplicates(rows: readonly RowAnalysis[]): PredictedDuplicate[] {
  const kept: PredictedDuplicate[] = [];
  for (let row = 0; row < rows.length; row++) {
    const r = rows[row]!;
    const existing = r.duplicates[0];
    if (r.outcome !== 'create' || !existing || kept.length >= MAX_PREDICTED_DUPLICATES) continue;
    kept.push({
      row,
      localId: r.localIdKey,
      email: r.emailKey,
      existing: { email: existing.email, localId: existing.localId, ...(existing.displayName ? { displayName: existing.displayName } : {}) },
      how: r.duplicateReasons[0] ?? 'email',
    });
  }
  return kept;
}

/**
 * The results email can then show rows that created an account where an update was predicted: the local
 * ID of each row that would update an account, once each, in file order.
 */
function predictedUpdateLocalIds(rows: readonly RowAnalysis[], keys: UploadKeys): string[] {
  const first = keys.localIdFirstRows;
  // Indexed by a local ID's first row: repeats are told apart by number, not by a Set of the IDs' texts.
  const taken = new Uint8Array(rows.length);
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const at = first[i]!;
    if (at === -1 || taken[at] === 1 || !rows[i]!.target) continue;
    taken[at] = 1;
    ids.push(keys.localIdKeys[i]!);
  }
  return ids;
}

/** Longest message or fix kept: a guard against a huge cell or heading quoted whole in a message. */
const MAX_TEXT = 2000;

function capped(f: Finding): Finding {
  if (f.message.length > MAX_TEXT) f.message = `${f.message.slice(0, MAX_TEXT - 1)}…`;
  if (f.fix !== undefined && f.fix.length > MAX_TEXT) f.fix = `${f.fix.slice(0, MAX_TEXT - 1)}…`;
  return f;
}

/** By line, then block before warn before info; otherwise in the order the rules found them (sort is stable). */
export function sortFindings(findings: Finding[]): void {
  findings.sort((a, b) => a.line - b.line || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function summarise(ctx: CheckContext, groups: RowGroups, findings: Finding[]): CheckSummary {
  const headerLine = ctx.table.headerLine ?? 1;
  const byRule: Partial<Record<RuleId, number>> = {};
  const blocked = new Set<number>();
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    if (f.severity === 'block' && f.line > headerLine) blocked.add(f.line);
  }
  return {
    rows: ctx.table.rows.length,
    predictedUpdates: groups.updates.length,
    predictedNewAccounts: groups.creates.length,
    blockedRows: blocked.size,
    byRule,
  };
}
