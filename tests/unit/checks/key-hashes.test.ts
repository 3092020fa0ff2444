import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashedKeySet } from '../../../lib/checks/hashed-key-set';
import { uploadKeysOf } from '../../../lib/checks/upload-keys';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import { keyHash } from '../../../lib/portal/key-hash';
import { COL, generatePeople, uploadCsv } from '../../support/generate';
import { table } from './helpers';

// Short keys from a small alphabet: many repeats, and near misses (a case, a character more or less).
const key = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '1', ' ', 'é', '\u200b'), maxLength: 4 });

describe('keyHash: the hash the stored indexes were built with', () => {
  it('is 32-bit FNV-1a over UTF-16 code units, as a signed integer', () => {
    // The published FNV-1a test vectors: an import's stored indexes are unreadable if this changes.
    expect(keyHash('')).toBe(0x811c9dc5 | 0);
    expect(keyHash('a')).toBe(0xe40c292c | 0);
    expect(keyHash('foobar')).toBe(0xbf9cf968 | 0);
    expect(keyHash('xfoobarx', 1, 7)).toBe(keyHash('foobar'));
  });
});

describe('HashedKeySet', () => {
  it('holds exactly the non-empty keys it was given, looked up with their hashes', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), fc.array(key, { maxLength: 40 }), (held, asked) => {
        const set = new HashedKeySet(held);
        const plain = new Set(held.filter(Boolean));
        expect(set.size).toBe(plain.size);
        for (const k of [...held, ...asked]) expect(set.has(k, keyHash(k)), JSON.stringify(k)).toBe(plain.has(k));
      }),
    );
  });

  it('compares the texts where hashes match: a key asked with a held key’s hash is not held', () => {
    const set = new HashedKeySet(['RXX123', 'rxx124']);
    expect(set.has('RXX123', keyHash('RXX123'))).toBe(true);
    expect(set.has('RXX999', keyHash('RXX123'))).toBe(false);
    expect(set.has('', keyHash(''))).toBe(false);
  });
});

describe('UploadKeys: hashes and the rows sharing a local ID', () => {
  it('hashes every key of every row as keyHash does', () => {
    const people = generatePeople(30, 5);
    const t = table(
      uploadCsv(people, (row, i) =>
        i % 4 === 0 ? Object.assign([...row], { [COL.EmailAddress!]: ` ${row[COL.EmailAddress!]!.toUpperCase()} ` }) : row,
      ),
    );
    const keys = uploadKeysOf(t, resolveUploadColumns(t.header));
    expect([...keys.localIdHashes]).toEqual(keys.localIdKeys.map((k) => keyHash(k)));
    expect([...keys.emailHashes]).toEqual(keys.emailKeys.map((k) => keyHash(k)));
    expect([...keys.mobileHashes]).toEqual(keys.mobileKeys.map((k) => keyHash(k)));
  });

  it('gives each row the first row with the same local ID key, and -1 to rows without one', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), (ids) => {
        const expected = ids.map((id) => (id === '' ? -1 : ids.indexOf(id)));
        expect([
          ...new HashedKeySet(
            ids,
            Int32Array.from(ids, (id) => keyHash(id)),
          ).firstIndexes,
        ]).toEqual(expected);
        // Hashes that all collide: the rows are still told apart by their texts.
        expect([...new HashedKeySet(ids, new Int32Array(ids.length)).firstIndexes]).toEqual(expected);
      }),
    );
  });

  it('tells a repeated local ID written untidily from its first row’s (the same key)', () => {
    const people = generatePeople(6, 9);
    const id = people[1]!.localId;
    const t = table(
      uploadCsv(people, (row, i) =>
        i === 4
          ? Object.assign([...row], { [COL.ExternalSyncID!]: ` ${id}\u200b ` })
          : i === 5
            ? Object.assign([...row], { [COL.ExternalSyncID!]: '' })
            : row,
      ),
    );
    const keys = uploadKeysOf(t, resolveUploadColumns(t.header));
    expect([...keys.localIdFirstRows]).toEqual([0, 1, 2, 3, 1, -1]);
  });
});
