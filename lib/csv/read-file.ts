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

/** Throws FileTooLarge for a file CSV Guard will not read; its size is known before a byte is read. */
export function checkFileSize(file: Blob, fileName = file instanceof File ? file.name : 'The file'): void {
  if (file.size > MAX_BYTES) {
    const mb = (bytes: number) => Math.ceil(bytes / 1024 / 1024);
    throw new FileTooLarge(`“${fileName}” is ${mb(file.size)} MB, more than CSV Guard can read (${mb(MAX_BYTES)} MB). Split it into smaller files.`);
  }
}
