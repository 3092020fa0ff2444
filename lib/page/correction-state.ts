import type { FixReport } from '../messaging/checks-protocol';

/**
 * The corrected file of the current check, as the panel shows it:
 * preparing → ready (the change list, shown before anything is used) → used (put into the portal's
 * Browse input, or downloaded where the input would not take it).
 */
export type CorrectionState =
  | { kind: 'preparing'; dropNoChange: boolean }
  | { kind: 'ready'; fix: FixReport }
  | { kind: 'used'; fix: FixReport; how: 'placed' | 'downloaded' }
  | { kind: 'error'; message: string };

/** Which of the correction's files to download. */
export type CorrectionFile = 'corrected' | 'needs-attention' | 'change-list';
