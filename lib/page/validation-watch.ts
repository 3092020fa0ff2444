import { changedElements, observePortalChanges } from './dom-changes';
import { readValidationAnswer, type ValidationAnswer } from './validation-answer';

export interface ValidationWatchOptions {
  /** How long after the results start to render to wait for the "will be updated" message. */
  settleMs?: number;
  /** Stop quietly if the page never changes (the portal did not answer at all). */
  giveUpMs?: number;
}

/**
 * After Validate: wait for the portal to render its results, then report what they say about updates.
 * Text the portal adds after the click wins; when nothing new mentions updates, the whole page is read
 * once the results have settled. Returns a function that stops watching.
 */
export function watchValidationAnswer(doc: Document, onAnswer: (answer: ValidationAnswer) => void, options: ValidationWatchOptions = {}): () => void {
  const { settleMs = 3000, giveUpMs = 60_000 } = options;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    disconnect();
    clearTimeout(settleTimer);
    clearTimeout(giveUpTimer);
  };
  const finish = (answer: ValidationAnswer) => {
    stop();
    onAnswer(answer);
  };

  const disconnect = observePortalChanges(doc.body, (changed) => {
    for (const element of changedElements(changed)) {
      const answer = readValidationAnswer(element);
      if (answer.updateCount !== undefined) {
        // The count may sit in its own element; the lines the portal rejected are listed elsewhere on the page.
        const { errorLines } = readValidationAnswer(doc.body);
        return finish(errorLines ? { ...answer, errorLines } : answer);
      }
    }
    settleTimer ??= setTimeout(() => finish(readValidationAnswer(doc.body)), settleMs);
  });
  const giveUpTimer = setTimeout(stop, giveUpMs);
  return stop;
}
