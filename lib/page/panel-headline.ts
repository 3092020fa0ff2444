import type { CheckProgressPhase } from '../messaging/checks-protocol';
import type { GuardState } from './guard-state';
import { currentHold, thisFileUploadEnded, type HoldReason } from './upload-decision';

/** The hold of a check whose blocking rows are not acknowledged yet: the findings are the headline. */
export type FindingsHold = Extract<HoldReason, { kind: 'unacknowledged' }>;

/**
 * The one thing the panel says first. Exactly one at a time, so the panel never says "held" and
 * "uploaded" together, or calls this tab's own upload "another submission in flight".
 */
export type PanelHeadline =
  /** No file chosen yet. */
  | { kind: 'choose-file' }
  /** The chosen file is being checked; Upload waits for it. */
  | { kind: 'checking'; fileName: string; phase: CheckProgressPhase; fraction: number }
  /** The check found blocking rows, not acknowledged yet. */
  | { kind: 'findings'; reason: FindingsHold }
  /** Upload is held for another reason, said in words. */
  | { kind: 'held'; reason: HoldReason }
  /** Nothing holds this file. */
  | { kind: 'ready'; warnings: number }
  /** This tab's Upload went through: the file is in flight until its results arrive (confirmed: the portal said so). */
  | { kind: 'uploaded'; confirmed: boolean }
  /** This tab's upload has ended (results, expiry or "mark as finished"), and the file was judged again. */
  | { kind: 'upload-ended'; fileName: string };

export type PanelHeadlineKind = PanelHeadline['kind'];

/**
 * The panel's headline for a state of the page guard. The order is the precedence: a page that can no
 * longer check anything first, then what has happened (the upload), then where the check has got to,
 * then why Upload is held.
 */
export function panelHeadline(state: GuardState): PanelHeadline {
  if (state.orphaned) return { kind: 'held', reason: { kind: 'orphaned' } };
  const check = state.check;
  // Uploaded means uploaded: whatever the slot says meanwhile (processing, "in this tab"), it is this file.
  const hold = currentHold(state);
  if (hold?.kind === 'uploaded') return { kind: 'uploaded', confirmed: hold.confirmed };
  if (check.kind === 'checking') return { kind: 'checking', fileName: check.fileName, phase: check.phase, fraction: check.fraction };
  if (hold?.kind === 'unacknowledged') return { kind: 'findings', reason: hold };
  if (hold) return { kind: 'held', reason: hold };
  if (check.kind !== 'done') return { kind: 'choose-file' };
  if (thisFileUploadEnded(state)) return { kind: 'upload-ended', fileName: check.report.fileName };
  const warnings = check.report.groups.filter((group) => group.severity === 'warn').reduce((sum, group) => sum + group.total, 0);
  return { kind: 'ready', warnings };
}
