import {
  findSubmissionOverlaps,
  formatWhen,
  reportTakenAt,
  submittedAt,
  type OverlapEvidence,
  type RowJudgement,
  type SubmissionOverlap,
} from '../checks/submission-overlap';
import type { CsvTable } from '../csv/types';
import type { ColumnMap } from '../portal/columns';
import type { ReportMeta } from '../portal/mailbox';
import type { Submission } from '../submissions/types';

/**
 * The portal's advice after a failure part-way: do not submit the whole file again; check which
 * mailboxes exist now, then submit only the rest. The remainder is that rest, built row by row from
 * what each row of the earlier submission was to do (the prediction kept with it at upload time):
 *
 * - an update is idempotent, so it is kept, unless its results say it was applied or a report taken
 *   after the upload already shows its values;
 * - a create is not: it is judged only by a report taken after the upload started (or its results).
 *   One whose person now exists is left out as applied; one the report does not show is kept. Without
 *   such a report no remainder is offered: the admin is asked for a newer report instead.
 *
 * Every row left out is listed with its reason (see remainderReasonsByLine), so nothing is lost silently.
 */

export interface RemainderInput extends OverlapEvidence {
  table: CsvTable;
  columns: ColumnMap;
  submissions: readonly Submission[];
  now: number;
  fingerprint?: string;
  /** The check's own judgement of the earlier submissions (CheckResult.submissionOverlaps): judged again when absent. */
  overlaps?: readonly SubmissionOverlap[];
}

export interface LeftOutRow {
  /** Index into table.rows. */
  index: number;
  line: number;
  why: 'applied' | 'cannot-tell';
  /** In words, with the evidence: what the needs-attention file says. */
  reason: string;
}

/** Why no remainder is offered yet, in words the admin can act on. */
export interface RemainderRefusal {
  /** A Mailbox Report downloaded after this time can show which accounts were created. */
  after: number;
  /** "Import a Mailbox Report downloaded after 3 Mar 2025, 14:05 to see which accounts were created." */
  message: string;
  /** The cached report's age, e.g. "The cached Mailbox Report was downloaded 3 days ago (28 Feb 2025, 09:12)." */
  reportAge: string;
  /** The earlier upload is still processing: a report taken now cannot show what it has yet to do. */
  stillProcessing: boolean;
}

export interface RemainderPlan {
  /** Indexes into table.rows of the rows in the remainder, in file order. */
  kept: number[];
  leftOut: LeftOutRow[];
  /** Set when some creates cannot be judged yet: the remainder must not be offered. */
  refused?: RemainderRefusal;
  /** How many rows were kept and left out, and why: one sentence each. */
  summary: string[];
}

/** The remainder of this table against the earlier submissions it repeats. No overlap: every row is kept. */
export function planRemainder(input: RemainderInput): RemainderPlan {
  const { table } = input;
  const overlaps =
    input.overlaps ??
    findSubmissionOverlaps(table, input.columns, input.submissions, input.fingerprint, { reports: input.reports, mailboxes: input.mailboxes }, true);
  const judgements = new Map<number, { overlap: SubmissionOverlap; row: RowJudgement }[]>();
  for (const overlap of overlaps) {
    for (const row of overlap.rows) {
      const list = judgements.get(row.index);
      if (list) list.push({ overlap, row });
      else judgements.set(row.index, [{ overlap, row }]);
    }
  }

  const kept: number[] = [];
  const leftOut: LeftOutRow[] = [];
  const counts = { updatesKept: 0, notApplied: 0, notSubmitted: 0, applied: 0, cannotTell: 0 };
  const waitingFor: SubmissionOverlap[] = [];
  // Why a create of each earlier upload cannot be told yet, worded once per upload (its date is formatted by Intl).
  const cannotTellWhy = new Map<SubmissionOverlap, string>();
  table.rows.forEach((row, index) => {
    const judged = judgements.get(index);
    if (!judged) {
      kept.push(index);
      counts.notSubmitted++;
      return;
    }
    const applied = judged.find((j) => j.row.applied === 'yes');
    if (applied) {
      counts.applied++;
      const what = applied.row.kind === 'update' ? 'update' : 'new account';
      leftOut.push({
        index,
        line: row.line,
        why: 'applied',
        reason: `Already applied: this ${what} was in "${applied.overlap.submission.fileName}", and ${applied.row.evidence}.`,
      });
      return;
    }
    const unjudgedCreate = judged.find((j) => j.row.kind !== 'update' && j.row.applied === 'unknown');
    if (unjudgedCreate) {
      counts.cannotTell++;
      if (!waitingFor.includes(unjudgedCreate.overlap)) waitingFor.push(unjudgedCreate.overlap);
      const { overlap } = unjudgedCreate;
      let reason = cannotTellWhy.get(overlap);
      if (reason === undefined) {
        const s = overlap.submission;
        reason = `Cannot tell yet: this row was to create a new account in "${s.fileName}" (submitted at ${formatWhen(submittedAt(s))}), and it may already exist. ${importAdvice(submittedAt(s), s.state === 'processing', s.fileName)}`;
        cannotTellWhy.set(overlap, reason);
      }
      leftOut.push({ index, line: row.line, why: 'cannot-tell', reason });
      return;
    }
    kept.push(index);
    if (judged.every((j) => j.row.applied === 'no')) counts.notApplied++;
    else counts.updatesKept++;
  });

  const plan: RemainderPlan = { kept, leftOut, summary: summarise(counts) };
  if (waitingFor.length > 0) {
    const after = Math.max(...waitingFor.map((o) => submittedAt(o.submission)));
    const processing = waitingFor.find((o) => o.submission.state === 'processing');
    plan.refused = {
      after,
      message: importAdvice(after, processing !== undefined, processing?.submission.fileName),
      reportAge: reportAge(waitingFor.find((o) => o.report)?.report, input.now),
      stillProcessing: processing !== undefined,
    };
  }
  return plan;
}

/** The one thing the admin can do to see which accounts were created. */
function importAdvice(after: number, stillProcessing: boolean, fileName?: string): string {
  const advice = `Import a Mailbox Report downloaded after ${formatWhen(after)} to see which accounts were created.`;
  return stillProcessing
    ? `${advice} The portal is still processing "${fileName ?? 'the earlier upload'}": download the report once it has finished.`
    : advice;
}

/** "The cached Mailbox Report "x.csv" was downloaded 3 days ago (28 Feb 2025, 09:12)." */
export function reportAge(report: ReportMeta | undefined, now: number): string {
  if (!report) return 'No Mailbox Report is cached.';
  const at = reportTakenAt(report);
  const verb = report.generatedAt !== undefined ? 'was produced by the portal' : 'was imported';
  return `The cached Mailbox Report "${report.fileName}" ${verb} ${ago(now - at)} (${formatWhen(at)}).`;
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

function summarise(c: { updatesKept: number; notApplied: number; notSubmitted: number; applied: number; cannotTell: number }): string[] {
  const rows = (n: number) => (n === 1 ? '1 row' : `${n.toLocaleString('en-GB')} rows`);
  const lines: string[] = [];
  if (c.updatesKept > 0)
    lines.push(
      `${c.updatesKept === 1 ? '1 update' : `${c.updatesKept.toLocaleString('en-GB')} updates`} kept: an update changes nothing if it was already applied, so sending it again is safe.`,
    );
  if (c.notApplied > 0)
    lines.push(`${rows(c.notApplied)} kept: the results or a newer Mailbox Report show ${c.notApplied === 1 ? 'it was' : 'they were'} not applied.`);
  if (c.notSubmitted > 0) lines.push(`${rows(c.notSubmitted)} kept: not in an earlier upload.`);
  if (c.applied > 0) lines.push(`${rows(c.applied)} left out: already applied.`);
  if (c.cannotTell > 0)
    lines.push(`${rows(c.cannotTell)} left out: ${c.cannotTell === 1 ? 'a new account that may' : 'new accounts that may'} already exist.`);
  return lines;
}

/** Line → reason for every row left out of the remainder: added to the needs-attention file. */
export function remainderReasonsByLine(plan: RemainderPlan): Map<number, string> {
  return new Map(plan.leftOut.map((r) => [r.line, `Left out of the remainder: ${r.reason}`]));
}
