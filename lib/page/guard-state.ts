import type { CheckProgressPhase, CheckReport, ExportKind } from '../messaging/checks-protocol';
import type { SlotStatus } from '../submissions/types';
import { NOTHING_ACKNOWLEDGED, type Acknowledgement } from './acknowledgement';
import type { CorrectionState } from './correction-state';
import type { ValidationAnswer } from './validation-answer';

/** Why CSV Guard could not decide about a file: its background did not answer, or CSV Guard itself failed. */
export type FaultCause = 'background' | 'internal';

export interface Fault {
  cause: FaultCause;
  message: string;
}

/** Where the check of the chosen file has got to. */
export type CheckState =
  | { kind: 'idle' }
  | { kind: 'checking'; fileName: string; phase: CheckProgressPhase; fraction: number }
  | { kind: 'done'; report: CheckReport }
  | { kind: 'error'; fileName?: string; message: string; retryable: boolean; cause: FaultCause };

/** What the page said after Validate, read from the portal's own results. */
export type ValidationState = { kind: 'none' } | { kind: 'waiting' } | { kind: 'read'; answer: ValidationAnswer };

/**
 * no: not uploaded; clicked: Upload went through (the file is in flight from that moment);
 * confirmed: the portal's success notice was seen too.
 */
export type UploadProgress = 'no' | 'clicked' | 'confirmed';

export interface LastUpload {
  submissionId: string;
  fileName: string;
  /** The checked file's content fingerprint (see lib/submissions/fingerprint). */
  fingerprint: string;
}

/** Everything the panel shows; the page controller owns it and the panel only renders it. */
export interface GuardState {
  /** yes: the Upload Users view is on the page; no: it looks like the upload page but its controls were not found. */
  recognised: 'yes' | 'no' | 'unknown';
  /** false when the view has a Validate control but no Upload control CSV Guard can hold. */
  uploadHoldable: boolean;
  check: CheckState;
  /** What the admin acknowledged of the checked file's risks: kinds, and rows one by one (lib/page/acknowledgement). */
  acknowledged: Acknowledgement;
  /** With no Mailbox Report the local IDs could not be checked: the admin chose "Upload without ID checks". */
  idChecksWaived: boolean;
  /** The slot as last heard from the background (slot-status, slot-acquire or a slot-changed broadcast). */
  slot?: SlotStatus;
  /** The slot this tab acquired for the current file, if any. */
  submissionId?: string;
  /** Every submission this tab acquired: tells "in this tab" from "in another tab". */
  ownSubmissionIds: readonly string[];
  /** This tab's claim was moved to another tab ("Upload from this tab instead" there). */
  claimMovedAway: boolean;
  /** A slot request is on its way: further Upload attempts are held, never replayed twice. */
  acquiring: boolean;
  /** CSV Guard failed around a finished check (a click, the slot request): Upload is held with an override. */
  fault?: Fault;
  /** The extension was updated or reloaded under this page: nothing can be checked until it is reloaded. */
  orphaned: boolean;
  validation: ValidationState;
  /** The admin acknowledged that the portal will update fewer rows than predicted (or did not say). */
  validationAcknowledged: boolean;
  upload: UploadProgress;
  /**
   * This tab's last upload through CSV Guard: a new check of the same file (chosen again, the view
   * re-rendered) is still "uploaded" while it is in flight, and "ended" once the slot let it go.
   */
  lastUpload?: LastUpload;
  /** Bumped each time a click is held, so the panel moves focus to the reason. */
  heldClicks: number;
  /** An export being prepared, or the message of one that failed. */
  exporting?: ExportKind;
  exportError?: string;
  /** The corrected file of the current check, once asked for. */
  correction?: CorrectionState;
}

export const INITIAL_STATE: Readonly<GuardState> = {
  recognised: 'unknown',
  uploadHoldable: true,
  check: { kind: 'idle' },
  acknowledged: NOTHING_ACKNOWLEDGED,
  idChecksWaived: false,
  ownSubmissionIds: [],
  claimMovedAway: false,
  acquiring: false,
  orphaned: false,
  validation: { kind: 'none' },
  validationAcknowledged: false,
  upload: 'no',
  heldClicks: 0,
};
