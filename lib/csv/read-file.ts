import { decodeBytes } from './decode';
import { MAX_BYTES } from './read';
import type { DecodedText } from './types';

/** A chosen file CSV Guard will not read because it is too large; the message names the file and the limit. */
export class FileTooLarge extends Error {
  override name = 'FileTooLarge';
}

/**
 * The one way to read a file the admin chose (on the portal page, in the popup, on the options page):
 * its size is checked before a byte is read, then the bytes are decoded natively. Parsing and matching
 * happen elsewhere (in the background for the extension), so the page stays responsive.
 */
export async function readUserFile(file: Blob, fileName = file instanceof File ? file.name : 'The file'): Promise<DecodedText> {
  checkFileSize(file, fileName);
  return decodeBytes(new Uint8Array(await file.arrayBuffer()));
}

/**
 * What to tell the admin when the background could not read a chosen file: too large (named, with the
 * limit), or changed or moved on disk since it was chosen, which choosing it again mends.
 */
export function unreadableFileMessage(error: unknown, fileName: string): string {
  return error instanceof FileTooLarge
    ? error.message
    : `“${fileName}” could not be read (it may have been changed or moved since it was chosen). Choose it again.`;
}

/** Throws FileTooLarge for a file CSV Guard will not read; its size is known before a byte is read. */
export function checkFileSize(file: Blob, fileName = file instanceof File ? file.name : 'The file'): void {
  if (file.size > MAX_BYTES) {
    const mb = (bytes: number) => Math.ceil(bytes / 1024 / 1024);
    throw new FileTooLarge(`“${fileName}” is ${mb(file.size)} MB, more than CSV Guard can read (${mb(MAX_BYTES)} MB). Split it into smaller files.`);
  }
}
