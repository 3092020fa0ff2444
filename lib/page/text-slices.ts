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

/** Send a file's text to the background slice by slice, one message at a time; returns how many were sent. */
export async function sendTextInSlices(
  send: SendToBackground,
  requestId: string,
  text: string,
  onSliceSent: (sent: number, count: number) => void = () => undefined,
): Promise<number> {
  const slices = sliceText(text);
  for (let index = 0; index < slices.length; index++) {
    await send('check-upload-part', { requestId, index, count: slices.length, text: slices[index]! });
    onSliceSent(index + 1, slices.length);
  }
  return slices.length;
}
