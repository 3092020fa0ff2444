import { decodeBytes } from '../csv/decode';
import type { DecodedText } from '../csv/types';

/**
 * Read a chosen file as text. Only the bytes are read and decoded here (native, fast): parsing and
 * matching happen in the background so the portal's page stays responsive.
 */
export async function readChosenFile(file: Blob): Promise<DecodedText> {
  return decodeBytes(new Uint8Array(await file.arrayBuffer()));
}
