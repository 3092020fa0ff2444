/**
 * FNV-1a over the UTF-16 code units of text[start, end), as a signed 32-bit integer (what an Int32Array
 * holds). The hash of a normalised key (normalize.ts): the stored indexes of a report's key tables are
 * built with it, and a check hashes each key of its upload once, as it makes it, for the lookup and the
 * search of earlier uploads. Changing it would leave every stored index unreadable.
 */
export function keyHash(text: string, start = 0, end = text.length): number {
  let hash = 0x811c9dc5;
  for (let c = start; c < end; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
  return hash | 0;
}
