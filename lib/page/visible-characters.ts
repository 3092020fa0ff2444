/**
 * Characters that change how text reads without being seen: zero-width spaces and joiners,
 * bidirectional controls, soft hyphens, the byte-order mark and other format controls.
 */
const HIDDEN = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\p{Cc}]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');

export type TextPart = { text: string } | { hidden: string; codePoint: string };

/** "U+200B" for a character. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Split text into plain runs and single hidden characters, so the panel can show each hidden one as ⟨U+200B⟩. */
export function splitHiddenCharacters(text: string): TextPart[] {
  if (!HIDDEN.test(text)) return [{ text }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN_ALL)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ hidden: match[0], codePoint: codePointName(match[0]) });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
