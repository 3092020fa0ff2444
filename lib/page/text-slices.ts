import type { SendToBackground } from './upload-guard';

/**
 * Characters per 'check-upload-part' message. One 7 MB message cost the portal page a task of
 * about 100 ms (serialising, then collecting it); a slice of this size costs a millisecond or two.
 */
export const TEXT_SLICE_CHARS = 256 * 1024;

/** Cut text into slices of at most `size` characters, never between the two halves of a surrogate pair. */
export function sliceText(text: string, size = TEXT_SLICE_CHARS): string[] {
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end--;
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices.length > 0 ? slices : [''];
}

/**
 * Slices in flight at once. One at a time, a 50,000-row file waited for 26 round trips in turn; a few
 * at once overlap them, and each slice is still its own small message (the background reorders them).
 */
export const SLICES_IN_FLIGHT = 4;

/**
 * Resolves in a task of its own, so the portal page can handle input and draw in between. A message to
 * oneself rather than setTimeout: timers in a tab are throttled, messages are not.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Send a file's text to the background in slices, a few messages at a time; returns how many were sent.
 * Each slice is sent in a task of its own: sending (serialising) four at once was the page's longest task.
 */
export async function sendTextInSlices(
  send: SendToBackground,
  checkId: string,
  text: string,
  onSliceSent: (sent: number, count: number) => void = () => undefined,
): Promise<number> {
  const slices = sliceText(text);
  let next = 0;
  let sent = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < slices.length) {
      await nextTask();
      if (failed || next >= slices.length) return;
      const index = next++;
      try {
        await send('check-upload-part', { checkId, index, count: slices.length, text: slices[index]! });
      } catch (error) {
        failed = true;
        throw error;
      }
      onSliceSent(++sent, slices.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SLICES_IN_FLIGHT, slices.length) }, lane));
  return slices.length;
}
