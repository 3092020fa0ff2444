import type { Finding, RuleId } from '../checks/types';
import type { DecodedText } from '../csv/types';
import type { CheckUnknown, ExportKind } from '../messaging/checks-protocol';
import type { CheckProgressEvent } from '../messaging/events';
import type { MessageType, RequestOf, ResponseOf } from '../messaging/protocol';
import { NOTHING_ACKNOWLEDGED } from './acknowledgement';
import { checkFileSize, FileTooLarge } from '../csv/read-file';
import { errorMessage } from '../error-message';
import { later, type GuardStore } from './guard-store';
import type { FileAtAttempt } from './upload-decision';
import { askSlotStatus } from './slot-status';
import { sendTextInSlices } from './text-slices';

/** The background lost a check even after the file was sent again (it was stopped once more). */
export const CHECK_LOST = "CSV Guard's background no longer has this check; choose the file again.";

export type SendToBackground = <K extends MessageType>(type: K, data: RequestOf<K>) => Promise<ResponseOf<K>>;
type CheckAnswer = ResponseOf<'check-upload'>;

export interface CheckTiming {
  /** A check with no word from the background for this long has failed (the worker was stopped). */
  checkSilenceMs: number;
  /** Give the sample file this long before checking with the template already known. */
  templateWaitMs: number;
}

/** Moments of a check the benchmark times on the page (e2e build only): see CheckSessionDeps.mark. */
export type CheckMark = 'file-sent' | 'reply' | 'summary-drawn';

export interface CheckSessionDeps {
  store: GuardStore;
  send: SendToBackground;
  readFile: (file: File) => Promise<DecodedText>;
  /** The one id of a chosen file (a UUID), chosen when the file is chosen. */
  newCheckId: () => string;
  /** e2e build only: a test may make the check fail inside CSV Guard. */
  failCheck?: () => boolean;
  templateLearning: () => Promise<void> | undefined;
  timing: CheckTiming;
  signal: AbortSignal;
  /** e2e build only: marks on the page's performance timeline, read by `npm run bench:browser`. */
  mark?: (name: CheckMark) => void;
}

/** The file being checked, kept so exports, "Try again" and re-judging need no second read. */
interface ChosenFile {
  /** The file's one id: its slices, its progress, the background's kept check and every re-check use it. */
  checkId: string;
  file?: File;
  fileName: string;
  decoded?: DecodedText;
}

/** Same file as far as the page can tell: the same object, or the same name, size and modification time. */
export function sameFile(a: File, b: File): boolean {
  return a === b || (a.name === b.name && a.size === b.size && a.lastModified === b.lastModified);
}

/**
 * The check of the chosen file: reads it, sends it to the background in slices, follows progress,
 * and answers questions about the finished check (exports, "Show all"), sending the file again when
 * a restarted worker has lost it.
 */
export class CheckSession {
  private chosen: ChosenFile | undefined;
  /**
   * Which run of a check is current, never sent: a file checked again keeps its id, so only this tells
   * a later run from an earlier one whose late answer must be ignored (or a forgotten file's).
   */
  private seq = 0;
  private cancelSilence: (() => void) | undefined;
  /** Whether a File reaches the background as itself (structured-clone messaging); learnt from the first answer. */
  private filesTravel: boolean | undefined;

  constructor(private readonly deps: CheckSessionDeps) {}

  get fileName(): string | undefined {
    return this.chosen?.fileName;
  }

  /** The file in the input now, against the one checked. */
  fileAtAttempt(input: File | undefined): FileAtAttempt {
    if (!input) return 'none';
    const checked = this.chosen?.file;
    return checked && sameFile(input, checked) ? 'checked' : 'different';
  }

  /** Check a newly chosen file: everything known about the previous one is forgotten. */
  check(file: File): Promise<void> {
    return this.run({ checkId: this.deps.newCheckId(), file, fileName: file.name });
  }

  /** Check the same file again (the history changed, or the background failed). */
  checkAgain(): Promise<void> {
    const chosen = this.chosen;
    return chosen ? this.run(chosen) : Promise.resolve();
  }

  forget(): void {
    this.chosen = undefined;
    this.seq++;
    this.cancelSilence?.();
  }

  /** Progress of our check from the background. */
  handleProgress(message: CheckProgressEvent): void {
    const check = this.deps.store.get().check;
    // Progress of an earlier run of the same file moves the same bar, and never backwards (Math.max below).
    if (check.kind !== 'checking' || message.checkId !== this.chosen?.checkId) return;
    this.armSilenceTimer();
    this.deps.store.set({ check: { ...check, phase: message.phase, fraction: Math.max(check.fraction, message.fraction) } });
  }

  private async run(chosen: ChosenFile): Promise<void> {
    const { store } = this.deps;
    const seq = ++this.seq;
    this.chosen = chosen;
    store.set({
      check: { kind: 'checking', fileName: chosen.fileName, phase: 'reading', fraction: 0 },
      acknowledged: NOTHING_ACKNOWLEDGED,
      idChecksWaived: false,
      validation: { kind: 'none' },
      validationAcknowledged: false,
      submissionId: undefined,
      claimMovedAway: false,
      upload: 'no',
      fault: undefined,
      exportError: undefined,
      correction: undefined,
    });
    this.armSilenceTimer();
    const stage = { sending: false };
    try {
      if (this.deps.failCheck?.()) throw new Error('a test asked CSV Guard to fail here');
      if (!chosen.file && !chosen.decoded) throw new Error('the file is no longer available; choose it again');
      if (chosen.file) checkFileSize(chosen.file);
      await this.waitForTemplate();
      if (seq !== this.seq) return;
      // Reading is the first 5% of the progress bar when the text is sent in slices.
      const answer = await this.sendForCheck(
        chosen,
        stage,
        () => seq === this.seq,
        (sent, count) => {
          const check = store.get().check;
          if (seq === this.seq && check.kind === 'checking' && check.phase === 'reading') {
            store.set({ check: { ...check, fraction: Math.max(check.fraction, (0.05 * sent) / count) } });
          }
        },
      );
      if (!answer || seq !== this.seq) return;
      this.deps.mark?.('reply');
      this.cancelSilence?.();
      if (answer.outcome === 'unreadable') {
        store.set({ check: { kind: 'error', fileName: chosen.fileName, message: answer.error, retryable: false, cause: 'internal' } });
        return;
      }
      store.set({ check: { kind: 'done', report: answer.report } });
      this.deps.mark?.('summary-drawn');
      // Asked now, not carried by the answer: the summary need not wait for the background's pause after a large check.
      askSlotStatus(store, this.deps.send);
    } catch (error) {
      if (seq !== this.seq) return;
      this.cancelSilence?.();
      // A file too large to read is refused as the background refuses an unusable file: trying again would not help.
      const refused = error instanceof FileTooLarge;
      const cause = stage.sending ? 'background' : 'internal';
      store.set({ check: { kind: 'error', fileName: chosen.fileName, message: errorMessage(error), retryable: !refused, cause } });
    }
  }

  /**
   * Hand the file to the background for a check under its id. The File itself when messages can carry it
   * (structured clone): nothing is read or copied on the portal page. Otherwise (JSON messages, or the File
   * refused), the page reads and decodes it once and sends the text in slices. Undefined when `current`
   * turned false meanwhile (another file was chosen).
   */
  private async sendForCheck(
    chosen: ChosenFile,
    stage: { sending: boolean },
    current: () => boolean,
    onSliceSent?: (sent: number, count: number) => void,
  ): Promise<CheckAnswer | undefined> {
    const { send } = this.deps;
    const { checkId, fileName, file } = chosen;
    if (file && this.filesTravel !== false) {
      stage.sending = true;
      try {
        const sent = send('check-upload-file', { checkId, fileName, file });
        this.deps.mark?.('file-sent');
        const answer = await sent;
        if (answer.outcome !== 'send-text') {
          this.filesTravel = true;
          return answer;
        }
        this.filesTravel = false;
      } catch {
        // Not sent (a browser that cannot clone a File), or no answer: the text path says what is wrong, if anything.
      }
      stage.sending = false;
    }
    if (!chosen.decoded) {
      if (!file) throw new Error('the file is no longer available; choose it again');
      chosen.decoded = await this.deps.readFile(file);
      if (!current()) return undefined;
    }
    const { text, encoding } = chosen.decoded;
    stage.sending = true;
    // In slices: one large message was the page's longest task.
    const partCount = await sendTextInSlices(send, checkId, text, onSliceSent);
    if (!current()) return undefined;
    const answer = send('check-upload', { checkId, fileName, encoding, partCount });
    this.deps.mark?.('file-sent');
    return answer;
  }

  private async waitForTemplate(): Promise<void> {
    const learning = this.deps.templateLearning();
    if (!learning) return;
    let cancel: (() => void) | undefined;
    const timeout = new Promise<void>((resolve) => (cancel = later(this.deps.signal, resolve, this.deps.timing.templateWaitMs)));
    await Promise.race([learning, timeout]);
    cancel?.();
  }

  /** A stopped worker may never answer: after a long silence the check ends in a state the admin can retry. */
  private armSilenceTimer(): void {
    this.cancelSilence?.();
    const seq = this.seq;
    this.cancelSilence = later(
      this.deps.signal,
      () => {
        const { store } = this.deps;
        if (seq !== this.seq || store.get().check.kind !== 'checking') return;
        this.seq++;
        const message = "CSV Guard's background stopped answering before the check finished.";
        store.set({ check: { kind: 'error', fileName: this.chosen?.fileName, message, retryable: true, cause: 'background' } });
      },
      this.deps.timing.checkSilenceMs,
    );
  }

  // ---- questions about the finished check ---------------------------------

  /**
   * Ask the background about a check it keeps. A worker that was stopped since has lost it: then send
   * the file again under the same check id (the answer is the same check) and ask once more.
   */
  async askAboutCheck<T extends { outcome: string } | CheckUnknown>(checkId: string, ask: () => Promise<T>): Promise<T> {
    const first = await ask();
    if (first.outcome !== 'check-unknown') return first;
    const chosen = this.chosen;
    // Another file chosen since the question was asked: its check is not this one.
    if (!chosen || chosen.checkId !== checkId) return first;
    const again = await this.sendForCheck(chosen, { sending: false }, () => this.chosen === chosen);
    if (!again) return first;
    if (again.outcome === 'unreadable') throw new Error(again.error);
    return ask();
  }

  /** Build corrected files from the background's copy of the check. */
  async exportFile(kind: ExportKind): Promise<{ name: string; content: string }[] | undefined> {
    const check = this.deps.store.get().check;
    if (check.kind !== 'done' || !this.chosen) return undefined;
    const { checkId, fileName } = check.report;
    const answer = await this.askAboutCheck(checkId, () => this.deps.send('export-file', { checkId, kind, fileName }));
    if (answer.outcome === 'check-unknown') throw new Error(CHECK_LOST);
    return answer.files;
  }

  /** A page of one rule's findings of the current check, for the panel's "Show all". */
  async loadFindings(rule: RuleId, offset: number, limit: number): Promise<{ findings: Finding[]; total: number }> {
    const check = this.deps.store.get().check;
    if (check.kind !== 'done') return { findings: [], total: 0 };
    const { checkId } = check.report;
    const page = await this.askAboutCheck(checkId, () => this.deps.send('check-findings', { checkId, rule, offset, limit }));
    if (page.outcome === 'check-unknown') throw new Error(CHECK_LOST);
    return { findings: page.findings, total: page.total };
  }
}
