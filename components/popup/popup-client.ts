import { onExtensionMessage, openOptionsPage } from '../../lib/browser/runtime';
import { openExtensionTab } from '../../lib/browser/tabs';
import type { DecodedText } from '../../lib/csv/types';
import type { ReportSummary } from '../../lib/messaging/reports-protocol';
import type { ResultsProtocol } from '../../lib/messaging/results-protocol';
import { sendToBackground } from '../../lib/messaging/send';
import { parsePushedEvent } from '../../lib/messaging/events';
import type { HistoryEntry } from '../../lib/submissions/history-entry';
import type { SlotStatus } from '../../lib/submissions/types';

/** Everything the popup asks of the background. Tests may give another implementation. */
export interface PopupClient {
  slotStatus(): Promise<SlotStatus>;
  history(): Promise<HistoryEntry[]>;
  finish(submissionId: string): Promise<HistoryEntry>;
  release(submissionId: string): Promise<boolean>;
  /** `submissionId`: the admin says these results are for this upload. */
  reconcile(fileName: string, decoded: DecodedText, submissionId?: string): Promise<ResultsProtocol['results-reconcile']['response']>;
  /** Calls back whenever the background says the slot changed; returns the unsubscribe. */
  onSlotChanged(listener: (slot: SlotStatus) => void): () => void;
  /** The same view in a full tab (roomier for big files). */
  openInTab(): Promise<void>;
  /** The reconcile view in a tab, ready to choose a results file (a file chooser closes the toolbar popup). */
  openReconcileTab(): Promise<void>;
  /** The cached Mailbox Reports with their age. */
  reports(): Promise<ReportSummary[]>;
  /** The options page, where reports are imported. */
  openOptions(): Promise<void>;
}

export const backgroundPopupClient: PopupClient = {
  slotStatus: () => sendToBackground('slot-status', {}),
  history: async () => (await sendToBackground('history-list', {})).submissions,
  finish: (submissionId) => sendToBackground('submission-finish', { submissionId }),
  release: async (submissionId) => (await sendToBackground('slot-release', { submissionId })).released,
  reconcile: (fileName, decoded, submissionId) =>
    sendToBackground('results-reconcile', {
      fileName,
      text: decoded.text,
      encoding: decoded.encoding,
      ...(submissionId !== undefined ? { submissionId } : {}),
    }),
  onSlotChanged(listener) {
    // Returns nothing, so the background's broadcast never waits on the popup.
    const onMessage = (message: unknown): undefined => {
      const event = parsePushedEvent(message);
      if (event?.type === 'slot-changed') listener(event.slot);
      return undefined;
    };
    return onExtensionMessage(onMessage);
  },
  async openInTab() {
    await openExtensionTab('/popup.html?view=tab');
  },
  async openReconcileTab() {
    await openExtensionTab('/popup.html?view=tab&start=results');
  },
  reports: async () => (await sendToBackground('reports-list', {})).reports,
  openOptions: () => openOptionsPage(),
};
