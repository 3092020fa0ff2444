import type { CheckProgressPhase, CheckReport, ExportKind } from '../messaging/checks-protocol';
import type { SlotStatus } from '../submissions/types';
import type { ValidationAnswer } from './validation-answer';

/** Where the check of the chosen file has got to. */
export type CheckState =
  | { kind: 'idle' }
  | { kind: 'checking'; fileName: string; phase: CheckProgressPhase; fraction: number }
  | { kind: 'done'; report: CheckReport }
  | { kind: 'error'; fileName?: string; message: string; retryable: boolean };

/** What the page said after Validate, read from the portal's own results. */
export type ValidationState = { kind: 'none' } | { kind: 'waiting' } | { kind: 'read'; answer: ValidationAnswer };

/** no: not uploaded; clicked: Upload went through, waiting for the portal; confirmed: the portal said it is processing. */
export type UploadProgress = 'no' | 'clicked' | 'confirmed';

/** Everything the panel shows; the page controller owns it and the panel only renders it. */
export interface GuardState {
  /** yes: the Upload Users view is on the page; no: it looks like the upload page but its controls were not found. */
  recognised: 'yes' | 'no' | 'unknown';
  check: CheckState;
  acknowledged: boolean;
  /** The slot as last heard from the background (slot-status, slot-acquire or a slot-changed broadcast). */
  slot?: SlotStatus;
  /** The slot this tab acquired for the current file, if any. */
  submissionId?: string;
  /** Every submission this tab acquired: tells "in this tab" from "in another tab". */
  ownSubmissionIds: string[];
  validation: ValidationState;
  upload: UploadProgress;
  /** Bumped each time a click is held, so the panel moves focus to the reason. */
  heldClicks: number;
  /** An export being prepared, or the message of one that failed. */
  exporting?: ExportKind;
  exportError?: string;
}

export const INITIAL_STATE: GuardState = {
  recognised: 'unknown',
  check: { kind: 'idle' },
  acknowledged: false,
  ownSubmissionIds: [],
  validation: { kind: 'none' },
  upload: 'no',
  heldClicks: 0,
};
