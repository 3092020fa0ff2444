import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../lib/store/generation-layout';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { importMailboxReport } from '../../../lib/store/import-report';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { hasCharBeyondLatin1, oneByteWherePossible } from '../../../lib/store/one-byte-text';
import { freshDb, generatePeople, importPeople, mailboxReportCsv } from './helpers';

/** Bytes a character as the engine holds the string: Node's serialiser writes it at that width, as IndexedDB's does. */
function width(text: string): 1 | 2 {
  return serialize(text).length < text.length * 1.5 ? 1 : 2;
}

/** A text made two-byte by one character beyond U+00FF, and a part of it whose characters all fit a byte. */
function cutFromWideText(part: string): string {
  const wide = `Łukasz\n${part}`;
  return wide.slice(wide.indexOf('\n') + 1);
}

describe('oneByteWherePossible', () => {
  it('gives back the same text, whatever it holds', () => {
    for (const text of [
      '',
      'plain',
      'quote " backslash \\ slash /',
      'tab\tnew line\nreturn\r\u0000\u001f',
      'é ß ÿ',
      'ł ’ 😀',
      '\u2028\u2029',
      '\ud800 lone \udfff',
    ]) {
      expect(oneByteWherePossible(text)).toBe(text);
      expect(oneByteWherePossible(cutFromWideText(text))).toBe(text);
    }
  });

  it('holds a text cut from a two-byte one at one byte a character when every character fits, and at two when one does not', () => {
    const latin = cutFromWideText('chloé.kowalski1@nhs.net,'.repeat(100));
    expect(width(latin)).toBe(2);
    expect(width(oneByteWherePossible(latin))).toBe(1);
    expect(width(oneByteWherePossible(cutFromWideText('Łukasz,'.repeat(100))))).toBe(2);
  });
});

describe('hasCharBeyondLatin1', () => {
  it('tells a text with a character beyond U+00FF anywhere from one without', () => {
    expect(hasCharBeyondLatin1('')).toBe(false);
    expect(hasCharBeyondLatin1('Chloé Müller, ÿ\u0000\u00ff')).toBe(false);
    for (const text of ['O’Brien', 'Łukasz', 'a\u0100', '😀', 'x'.repeat(10_000) + 'ł']) expect(hasCharBeyondLatin1(text), text).toBe(true);
  });
});

describe('a report with one character beyond U+00FF', () => {
  it('is stored at one byte a character in its key tables and in every chunk of rows without such a character', async () => {
    const db = await freshDb();
    const people = generatePeople(CHUNK_ROWS * 2);
    // One name beyond Latin-1, in the second chunk: the whole report's text is two-byte.
    people[CHUNK_ROWS + 5] = { ...people[CHUNK_ROWS + 5]!, firstName: 'Łukasz' };
    await importPeople(db, people);
    const [record] = await db.getAll('reportKeys');
    for (const kind of ['localId', 'email', 'mobile'] as const) expect(width(record![kind].text), kind).toBe(1);
    const chunks = await db.getAll('reportChunks');
    expect(chunks.map((c) => width(c.rows))).toEqual([1, 2]);
  });
});

describe('a report with no character beyond U+00FF', () => {
  it('is stored at one byte a character as decoded from its bytes (the browser reads the file so), without copying', async () => {
    const db = await freshDb();
    const csv = mailboxReportCsv(generatePeople(CHUNK_ROWS + 10));
    // As the options page hands it over: decoded from the file's bytes.
    const text = new TextDecoder().decode(new TextEncoder().encode(csv));
    expect(width(text)).toBe(1);
    await importMailboxReport(
      db,
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text },
      { imports: new ImportsInProgress(), lookupCache: new LookupCache() },
    );
    const [record] = await db.getAll('reportKeys');
    for (const kind of ['localId', 'email', 'mobile'] as const) expect(width(record![kind].text), kind).toBe(1);
    expect((await db.getAll('reportChunks')).map((c) => width(c.rows))).toEqual([1, 1]);
  });
});
