import { changedElements, observePortalChanges, readableText } from './dom-changes';

/** The portal's success notification after Upload; its exact wording is unknown, so be tolerant. */
const SUCCESS_TEXT = /upload(?:ed)?\s+(?:was\s+|has\s+been\s+)?(?:completed?\s+)?successful(?:ly)?|successfully\s+(?:uploaded|submitted)|(?:is|are|being)\s+(?:now\s+)?(?:being\s+)?processed|upload\s+complete/i;

export function isUploadSuccessText(text: string): boolean {
  return SUCCESS_TEXT.test(text);
}

const NOTICE = '[role="alert"], [role="status"], [aria-live]';
/** A short text is a notification; a large re-rendered block may hold static help text that only sounds like one. */
const MAX_PLAIN_NOTICE_CHARS = 300;

/** The notifications an added element is, sits in or contains. */
function noticesIn(element: Element): Element[] {
  const around = element.closest(NOTICE);
  if (around) return [around];
  const inside = [...element.querySelectorAll(NOTICE)];
  if (inside.length > 0) return inside;
  return readableText(element).length <= MAX_PLAIN_NOTICE_CHARS ? [element] : [];
}

/**
 * After Upload: call back once when the portal shows its success notification.
 * Returns a function that stops watching; gives up quietly after `giveUpMs`.
 */
export function watchUploadSuccess(doc: Document, onSuccess: () => void, giveUpMs = 10 * 60_000): () => void {
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    disconnect();
    clearTimeout(giveUpTimer);
  };
  const disconnect = observePortalChanges(doc.body, (changed) => {
    for (const element of changedElements(changed)) {
      if (!noticesIn(element).some((notice) => isUploadSuccessText(readableText(notice)))) continue;
      stop();
      onSuccess();
      return;
    }
  });
  const giveUpTimer = setTimeout(stop, giveUpMs);
  return stop;
}
