import type { CheckReport } from '../messaging/checks-protocol';
import type { SlotStatus } from '../submissions/types';
import type { GuardState } from './guard-state';

export type HeldSubmission = Extract<SlotStatus, { state: 'held' }>['submission'];

/** Why Upload is held. */
export type HoldReason =
  | { kind: 'checking' }
  | { kind: 'unacknowledged'; newAccounts: number; blockedRows: number }
  | { kind: 'slot-busy'; submission: HeldSubmission; inThisTab: boolean };

/**
 * What to do with an Upload click:
 * allow: let the original click through untouched; hold: stop it and say why;
 * acquire: stop it, ask the background for the slot, and replay the click if granted.
 */
export type UploadDecision = { kind: 'allow' } | { kind: 'hold'; reason: HoldReason } | { kind: 'acquire' };

export function hasBlockingFindings(report: CheckReport): boolean {
  return report.summary.blockedRows > 0 || report.groups.some((group) => group.severity === 'block');
}

/** The slot is held by this tab, for this file, and nothing has been uploaded with it yet. */
export function slotIsOursForThisFile(state: GuardState): boolean {
  const slot = state.slot;
  return slot?.state === 'held' && slot.submission.id === state.submissionId && slot.submission.state === 'preparing';
}

function slotBusy(state: GuardState): HoldReason | undefined {
  const slot = state.slot;
  if (slot?.state !== 'held' || slotIsOursForThisFile(state)) return undefined;
  const { submission } = slot;
  const tabId = state.check.kind === 'done' ? state.check.report.tabId : undefined;
  const inThisTab = slot.yours || state.ownSubmissionIds.includes(submission.id) || (tabId !== undefined && submission.tabId === tabId);
  return { kind: 'slot-busy', submission, inThisTab };
}

/** The reason Upload is held right now, if any: what the panel shows before and after a click. */
export function currentHold(state: GuardState): HoldReason | undefined {
  const check = state.check;
  if (check.kind === 'checking') return { kind: 'checking' };
  if (check.kind !== 'done') return undefined;
  if (hasBlockingFindings(check.report) && !state.acknowledged) {
    return { kind: 'unacknowledged', newAccounts: check.report.summary.predictedNewAccounts, blockedRows: check.report.summary.blockedRows };
  }
  return slotBusy(state);
}

/** Decide an Upload click from local state alone, synchronously, inside the click's capture phase. */
export function decideUpload(state: GuardState): UploadDecision {
  const check = state.check;
  // Nothing checked (no file yet, or the check failed): behave as if CSV Guard were absent.
  if (check.kind === 'idle' || check.kind === 'error') return { kind: 'allow' };
  if (check.kind === 'checking') return { kind: 'hold', reason: { kind: 'checking' } };
  if (hasBlockingFindings(check.report) && !state.acknowledged) {
    return { kind: 'hold', reason: { kind: 'unacknowledged', newAccounts: check.report.summary.predictedNewAccounts, blockedRows: check.report.summary.blockedRows } };
  }
  if (slotIsOursForThisFile(state)) return { kind: 'allow' };
  return { kind: 'acquire' };
}
