/**
 * One normal form for each thing we compare, so "Siân O’Connor" matches "sian oconnor",
 * "07700 900123" matches "+44 7700 900123", and "ExternalSyncID" matches "external_sync id".
 */

/** Header names: case, spaces, underscores and punctuation ignored. */
export function headerKey(header: string): string {
  return stripInvisible(header)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Emails compare case-insensitively, ignoring surrounding spaces. */
export function emailKey(email: string): string {
  const shape = asciiShape(email);
  if (shape === CLEAN) return email; // the usual case: nothing to change, nothing allocated
  if (shape === CLEAN_WITH_UPPER) return email.toLowerCase();
  return stripInvisible(email).trim().toLowerCase();
}

/** Local IDs compare exactly, apart from surrounding spaces and invisible characters. */
export function localIdKey(localId: string): string {
  return asciiShape(localId) === OTHER ? stripInvisible(localId).trim() : localId;
}

const CLEAN = 0;
const CLEAN_WITH_UPPER = 1;
const OTHER = 2;

/**
 * Keys are computed for every mailbox of a 100,000-row report, so the common case must not allocate:
 * CLEAN is printable ASCII without spaces or capitals, CLEAN_WITH_UPPER the same with capitals,
 * OTHER anything else (spaces, accents, invisible characters, empty).
 */
function asciiShape(value: string): number {
  if (value.length === 0) return OTHER;
  let shape = CLEAN;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return OTHER;
    if (c >= 0x41 && c <= 0x5a) shape = CLEAN_WITH_UPPER;
  }
  return shape;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NOT_ASCII_ALNUM = /[^a-z0-9]/g;

const TITLES: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'rev',
  'revd',
  'lady',
  'lord',
]);

/**
 * Letters with no decomposition in Unicode, so NFD leaves them whole: folded by hand so that
 * "Søren" matches "Soren", "Łukasz" matches "Lukasz" and "Strauß" matches "Strauss".
 */
const FOLDS: Readonly<Record<string, string>> = {
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
};
const UNDECOMPOSED = /[øØłŁßẞæÆœŒđĐðÐþÞıħĦŧŦ]/g;

/** One name part: accents folded, apostrophes/hyphens/spaces dropped, lower case. */
export function namePartKey(part: string): string {
  // Most names are plain ASCII: no accents to fold and no invisible characters to strip.
  if (PRINTABLE_ASCII.test(part)) return part.toLowerCase().replace(NOT_ASCII_ALNUM, '');
  return stripInvisible(part)
    .replace(UNDECOMPOSED, (c) => FOLDS[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Key for a person's name from first and last names (a leading title such as "Dr" is dropped).
 * Returns '' when either part is empty, so blank names never match each other.
 */
export function nameKey(first: string | undefined, last: string | undefined): string {
  if (!first || !last) return '';
  const l = namePartKey(last);
  if (!l) return '';
  const trimmed = first.trim();
  let f: string;
  if (!WHITESPACE.test(trimmed))
    f = namePartKey(trimmed); // one word: no title to drop
  else f = namePartKey(givenWords(trimmed).join(''));
  return f ? `${f}|${l}` : '';
}

const WHITESPACE = /\s/;

/** The words of a first-name field without leading titles ("Dr Mary Jane" → Mary, Jane); a lone title is kept. */
function givenWords(first: string): string[] {
  const words = first.trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && TITLES.has(namePartKey(words[0] ?? ''))) words.shift();
  return words;
}

/**
 * Every key a first and last name can be matched on: the whole first name, and its first word alone when
 * it holds a middle name too ("Mary Jane" / "Watson" also matches "Mary" / "Watson"). First key = nameKey.
 */
export function nameKeys(first: string | undefined, last: string | undefined): string[] {
  const key = nameKey(first, last);
  if (!key) return [];
  if (!WHITESPACE.test(first!.trim())) return [key];
  const words = givenWords(first!);
  const alone = words.length > 1 ? namePartKey(words[0]!) : '';
  const alt = alone ? `${alone}|${key.slice(key.indexOf('|') + 1)}` : '';
  return alt && alt !== key ? [key, alt] : [key];
}

/** Name key from a display name such as "Dr Siân O'Connor" or "O'Connor, Siân" (the first of displayNameKeys). */
export function displayNameKey(displayName: string | undefined): string {
  return displayNameKeys(displayName)[0] ?? '';
}

/**
 * Every key a display name can be matched on. A display name does not say where the given names end and
 * the surname starts ("Mary Jane Watson", "Dafydd ap Rhys"), so each split is a key, the first being
 * "first word | the rest"; with middle names, first and last word alone too. A trailing "(NHS ENGLAND)" and
 * titles are dropped; "Smith, Dr John" is surname first.
 */
export function displayNameKeys(displayName: string | undefined): string[] {
  const text = (displayName ?? '').replace(TRAILING_BRACKETS, '').trim();
  if (!text) return [];
  const keys: string[] = [];
  const add = (first: string, last: string) => {
    const key = first && last ? `${first}|${last}` : '';
    if (key && !keys.includes(key)) keys.push(key);
  };
  const comma = text.indexOf(',');
  if (comma !== -1) {
    const last = namePartKey(text.slice(0, comma));
    const given = givenWords(text.slice(comma + 1)).filter((w) => namePartKey(w) !== '');
    if (given.length === 0) return [];
    add(namePartKey(given[0]!), last);
    if (given.length > 1) add(namePartKey(given.join('')), last);
    return keys;
  }
  const words = givenWords(text).map(namePartKey).filter(Boolean);
  if (words.length < 2) return [];
  for (let split = 1; split < words.length; split++) add(words.slice(0, split).join(''), words.slice(split).join(''));
  if (words.length > 2) add(words[0]!, words[words.length - 1]!);
  return keys;
}

/** "Jane Doe (NHS ENGLAND)", "Jane Doe (Locum) (RXX)": the organisation or role the portal appends. */
const TRAILING_BRACKETS = /(\s*\([^()]*\))+\s*$/;

/** Whether two lists of name keys (nameKeys, displayNameKeys) share one: the same person's name. */
export function namesMatch(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) for (const y of b) if (x === y) return true;
  return false;
}

/**
 * UK mobile in one normal form, `07xxxxxxxxx`, or '' when the value is not a UK mobile.
 * Accepts 07…, +447…, 447…, 00447…, and the common mistake "+44 07…"; spaces, brackets, dots and hyphens are ignored.
 */
export function mobileKey(mobile: string | undefined): string {
  if (!mobile) return '';
  const plain = plainMobileKey(mobile);
  if (plain !== undefined) return plain;
  let digits = stripInvisible(mobile).replace(MOBILE_PUNCTUATION, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  if (!ALL_DIGITS.test(digits)) return '';
  if (digits.startsWith('440')) digits = digits.slice(3);
  else if (digits.startsWith('44')) digits = digits.slice(2);
  else if (digits.startsWith('0')) digits = digits.slice(1);
  return UK_MOBILE_DIGITS.test(digits) ? `0${digits}` : '';
}

/**
 * mobileKey for the usual forms ("07700 900123", "+44 7700 900123": digits and spaces, a "+" only
 * first), without a regular expression and with one string made at most: keys are computed for every
 * row of an upload and every mailbox looked up. Undefined for any other form (the general path).
 */
function plainMobileKey(mobile: string): string | undefined {
  let spaces = 0;
  for (let i = 0; i < mobile.length; i++) {
    const c = mobile.charCodeAt(i);
    if (c === 0x20) spaces++;
    else if ((c < 0x30 || c > 0x39) && !(c === 0x2b && i === 0)) return undefined;
  }
  const digits = spaces === 0 ? mobile : mobile.replaceAll(' ', '');
  let start = digits.charCodeAt(0) === 0x2b ? 1 : digits.startsWith('00') ? 2 : 0;
  if (digits.length === start) return '';
  if (digits.startsWith('440', start)) start += 3;
  else if (digits.startsWith('44', start)) start += 2;
  else if (digits.charCodeAt(start) === 0x30) start += 1;
  if (digits.length - start !== 10 || digits.charCodeAt(start) !== 0x37) return '';
  // Already "0" and the ten digits: the string itself.
  return start === 1 && digits.charCodeAt(0) === 0x30 ? digits : `0${digits.slice(start)}`;
}

const MOBILE_PUNCTUATION = /[\s().-]/g;
const ALL_DIGITS = /^\d+$/;
const UK_MOBILE_DIGITS = /^7\d{9}$/;

/** Zero-width and bidi control characters: they make two different IDs look the same. */
export const INVISIBLE_CHARS = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;

export function stripInvisible(value: string): string {
  // Every invisible character is at or above U+00AD: plain ASCII needs no regex.
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 0xad) return value.replace(INVISIBLE_CHARS, '');
  return value;
}

// Non-global twin of INVISIBLE_CHARS: `test` on a global regex keeps state between calls.
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS.source);

export function hasInvisible(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 0xad) return HAS_INVISIBLE.test(value);
  return false;
}

/** hasInvisible for a long text (a whole row's values joined): straight to the native search, no loop over its characters first. */
export function hasInvisibleIn(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}

/** Whether a value is empty once invisible characters and surrounding spaces are gone (`stripInvisible(value).trim() === ''`). */
export function isBlank(value: string): boolean {
  const first = value.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false; // the usual case: printable ASCII first, neither a space nor invisible
  return stripInvisible(value).trim() === '';
}

const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'bidi formatting end',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first-strong isolate',
  '\u2069': 'bidi isolate end',
  '\uFEFF': 'zero-width no-break space',
  '\u00AD': 'soft hyphen',
};

/** Plain names of the invisible characters in a value, each once, e.g. ["zero-width space"]. */
export function invisibleCharNames(value: string): string[] {
  const names = new Set<string>();
  for (const ch of value.match(INVISIBLE_CHARS) ?? []) {
    names.add(INVISIBLE_NAMES[ch] ?? `invisible character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...names];
}
