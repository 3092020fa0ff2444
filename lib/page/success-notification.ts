import { changedElements, observePortalChanges, readableText } from './dom-changes';

/**
 * The portal's success notification after Upload; its exact wording is unknown, so be tolerant:
 * "Upload successful", "Success! Your file has been submitted and will be processed in the background.
 * You will receive an email with the results." and their likely variants. It only confirms an upload
 * that is already counted as in flight, so a wording it misses costs nothing but the confirmation.
 */
const SUCCESS_TEXT = new RegExp(
  [
    String.raw`upload(?:ed)?\s+(?:was\s+|has\s+been\s+)?(?:completed?\s+)?successful(?:ly)?`,
    String.raw`successfully\s+(?:uploaded|submitted)`,
    String.raw`(?:has|have)\s+been\s+(?:submitted|uploaded|received|queued)`,
    String.raw`(?:is|are|being|will\s+be)\s+(?:now\s+)?(?:being\s+)?processed`,
    String.raw`(?:receive|be\s+sent)\s+an?\s+e-?mail\s+with\s+the\s+results`,
    String.raw`results\s+will\s+be\s+(?:e-?mailed|sent)`,
    String.raw`upload\s+complete`,
  ].join('|'),
  'i',
);

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
