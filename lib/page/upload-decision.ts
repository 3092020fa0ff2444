import type { RiskKind } from '../checks/risks';
import type { CheckReport } from '../messaging/checks-protocol';
import { outstandingRisks } from './acknowledgement';
import type { SlotStatus } from '../submissions/types';
import type { FaultCause, GuardState } from './guard-state';
import { compareValidationAnswer, type ValidationWarning } from './validation-answer';

export type HeldSubmission = Extract<SlotStatus, { state: 'held' }>['submission'];

/** Why Upload is held. */
export type HoldReason =
  /** The extension was updated or reloaded: this page's CSV Guard can no longer check anything. */
  | { kind: 'orphaned' }
  /** This tab's Upload already went through: uploaded means uploaded. */
  | { kind: 'uploaded'; confirmed: boolean }
  /** A slot request for an earlier click is on its way. */
  | { kind: 'acquiring' }
  /** The file in the input is not the one checked (or was never checked): it is checked first. */
  | { kind: 'file-changed' }
  | { kind: 'checking' }
  /** CSV Guard could not decide: the admin may upload without its checks, after a confirmation. */
  | { kind: 'cannot-decide'; cause: FaultCause; message: string }
  /** Blocking findings with kinds of risk not yet acknowledged (`outstanding`, most severe first). */
  | { kind: 'unacknowledged'; newAccounts: number; blockedRows: number; outstanding: RiskKind[] }
  /** No Mailbox Report: no local ID could be checked, so "0 new accounts" would mean nothing. */
  | { kind: 'no-report' }
  /** The portal's Validate answer disagrees with the prediction in the unsafe direction. */
  | { kind: 'portal-count'; warning: ValidationWarning }
  /** asking: a slot request is on its way (the background may answer that the slot was freed meanwhile). */
  | { kind: 'slot-busy'; submission: HeldSubmission; inThisTab: boolean; movedAway: boolean; asking: boolean };

/**
 * What to do with an attempt to upload (a click, a key, a form submit):
 * allow: let it through untouched; hold: stop it and say why;
 * acquire: stop it, ask the background for the slot, and replay it once if granted.
 */
export type UploadDecision = { kind: 'allow' } | { kind: 'hold'; reason: HoldReason } | { kind: 'acquire' };

/** The file in the input at the moment of the attempt, against the one checked. */
export type FileAtAttempt = 'none' | 'checked' | 'different';

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
  return { kind: 'slot-busy', submission, inThisTab, movedAway: state.claimMovedAway, asking: state.acquiring };
}

/** Only the unsafe direction holds: fewer updates than predicted, or none announced when some were. */
export function portalCountWarning(state: GuardState): ValidationWarning | undefined {
  const check = state.check;
  if (check.kind !== 'done' || state.validation.kind !== 'read') return undefined;
  const warning = compareValidationAnswer(state.validation.answer, check.report.summary.predictedUpdates);
  if (!warning) return undefined;
  return warning.reason === 'missing' || warning.found < warning.expected ? warning : undefined;
}

/** The checked file is the one this tab uploaded last, and the slot is still held for that upload. */
export function thisFileInFlight(state: GuardState): boolean {
  const { lastUpload, check, slot } = state;
  return (
    lastUpload !== undefined &&
    check.kind === 'done' &&
    check.report.fingerprint === lastUpload.fingerprint &&
    slot?.state === 'held' &&
    slot.submission.id === lastUpload.submissionId
  );
}

/** This tab's upload of the checked file has ended (results, expiry, "mark as finished"): the slot let it go. */
export function thisFileUploadEnded(state: GuardState): boolean {
  const { lastUpload, check } = state;
  return (
    state.upload === 'no' &&
    lastUpload !== undefined &&
    check.kind === 'done' &&
    check.report.fingerprint === lastUpload.fingerprint &&
    !thisFileInFlight(state)
  );
}

const hold = (reason: HoldReason): UploadDecision => ({ kind: 'hold', reason });

/**
 * Decide an attempt to upload from local state alone, synchronously, inside the event's capture phase.
 * The order matters: what has happened (uploaded, a request pending) before what is known of the file,
 * and a blocking result before any error, so an internal error never replaces a blocking result.
 */
export function decideUpload(state: GuardState, file: FileAtAttempt): UploadDecision {
  if (state.orphaned) return hold({ kind: 'orphaned' });
  if (state.upload !== 'no') return hold({ kind: 'uploaded', confirmed: state.upload === 'confirmed' });
  // The same file checked again while its upload from this tab is in flight: still uploaded, never "another submission".
  if (thisFileInFlight(state))
    return hold({ kind: 'uploaded', confirmed: state.slot?.state === 'held' && state.slot.submission.state === 'processing' });
  if (state.acquiring) return hold({ kind: 'acquiring' });
  if (file === 'different') return hold({ kind: 'file-changed' });
  const check = state.check;
  // No file at all: the portal says so itself.
  if (check.kind === 'idle') return file === 'none' ? { kind: 'allow' } : hold({ kind: 'file-changed' });
  if (check.kind === 'checking') return hold({ kind: 'checking' });
  if (check.kind === 'error') return hold({ kind: 'cannot-decide', cause: check.cause, message: check.message });
  const outstanding = outstandingRisks(check.report.risks, state.acknowledged);
  if (outstanding.length > 0) {
    const { predictedNewAccounts: newAccounts, blockedRows } = check.report.summary;
    return hold({ kind: 'unacknowledged', newAccounts, blockedRows, outstanding: outstanding.map((risk) => risk.kind) });
  }
  if (check.report.freshness.reports.length === 0 && check.report.summary.rows > 0 && !state.idChecksWaived) return hold({ kind: 'no-report' });
  const warning = portalCountWarning(state);
  if (warning && !state.validationAcknowledged) return hold({ kind: 'portal-count', warning });
  if (state.fault) return hold({ kind: 'cannot-decide', ...state.fault });
  if (slotIsOursForThisFile(state)) return { kind: 'allow' };
  if (state.claimMovedAway) {
    const busy = slotBusy(state);
    if (busy) return hold(busy);
  }
  return { kind: 'acquire' };
}

/** The reason Upload is held right now, if any: what the panel shows before and after a click. */
export function currentHold(state: GuardState): HoldReason | undefined {
  const decision = decideUpload(state, state.check.kind === 'idle' ? 'none' : 'checked');
  // While the slot is asked for, a slot already known to be held in another tab stays the reason shown:
  // the background will most likely say so again, and the panel must not swap one hold for another and
  // back. (Held "in this tab" meanwhile is our own grant, broadcast before its answer arrives.)
  if (decision.kind === 'hold' && decision.reason.kind === 'acquiring') {
    const busy = slotBusy(state);
    return busy?.kind === 'slot-busy' && !busy.inThisTab ? busy : decision.reason;
  }
  if (decision.kind === 'hold') return decision.reason;
  // Before asking: the slot as last heard is already held by another submission.
  return decision.kind === 'acquire' ? slotBusy(state) : undefined;
}
