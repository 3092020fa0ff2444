import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintRows, fingerprintTable, HashSet, isTrimmed, RowHashes } from '../../../lib/submissions/fingerprint';
import { rowHash } from '../../../lib/submissions/submitted-rows';

const value = fc.oneof(fc.string(), fc.constantFrom('', ' RXX001 ', 'RXX\u200B001', 'Siân', '07700 900123', '=1+1'));
const rows = fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 8 });

describe('fingerprintTable', () => {
  it('gives the file the fingerprint fingerprintRows gives it, and each row the rowHash a submission records for it', () => {
    fc.assert(
      fc.property(rows, (table) => {
        const { fingerprint, rowHashes } = fingerprintTable(table);
        expect(fingerprint).toBe(fingerprintRows(table));
        expect(table.map((_, i) => rowHashes.get(i))).toEqual(table.map((row) => rowHash(row)));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a row among recorded row hashes exactly when its rowHash is one of them, and nothing by texts that are not row hashes', () => {
    // Near a row's hash: texts a damaged or hand-edited record could hold (in capitals, cut short,
    // lengthened, not hex), and another hash with the same first half whose second differs in its top
    // bit only (so it starts its search at the same place in the set).
    const nearHash = (hash: string) => [
      hash.toUpperCase(),
      hash.slice(0, 15),
      `${hash}0`,
      `${hash.slice(0, 15)}g`,
      `${hash.slice(0, 8)}${(Number.parseInt(hash[8]!, 16) ^ 8).toString(16)}${hash.slice(9)}`,
      '',
    ];
    fc.assert(
      fc.property(rows, rows, fc.array(fc.string(), { maxLength: 4 }), (table, recorded, junk) => {
        const { rowHashes } = fingerprintTable(table);
        const own = table.slice(0, 2).map((row) => rowHash(row));
        // The next rows' hashes are not recorded, only texts near them.
        const near = table.slice(2, 4).flatMap((row) => nearHash(rowHash(row)));
        const texts = [...recorded.map((row) => rowHash(row)), ...own, ...near, ...junk];
        const set = new HashSet(texts);
        const reference = new Set(texts);
        table.forEach((row, i) => expect(set.hasRow(rowHashes, i)).toBe(reference.has(rowHash(row))));
        for (const text of texts) expect(set.has(text), text).toBe(/^[0-9a-f]{16}$/.test(text));
        expect(set.size).toBe(new Set(texts.filter((text) => /^[0-9a-f]{16}$/.test(text))).size);
      }),
      { numRuns: 300 },
    );
  });

  it('holds tens of thousands of recorded row hashes and finds each, and no other', () => {
    const table = Array.from({ length: 30_000 }, (_, i) => [`RXX${i}`, `person${i}@nhs.net`]);
    const { rowHashes } = fingerprintTable(table);
    const set = new HashSet(table.filter((_, i) => i % 3 !== 0).map((row) => rowHash(row)));
    expect(set.size).toBe(20_000);
    expect(table.filter((_, i) => set.hasRow(rowHashes, i))).toEqual(table.filter((_, i) => i % 3 !== 0));
  });

  it('writes a row hash as the two lanes in lowercase hex, 8 digits each, leading zeros kept', () => {
    const lane = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0xf, 0x10, 0x0fffffff, 0x80000000, 0xffffffff));
    fc.assert(
      fc.property(fc.array(fc.tuple(lane, lane), { minLength: 1, maxLength: 20 }), (pairs) => {
        const hashes = new RowHashes(Uint32Array.from(pairs.flat()));
        const written = (n: number) => n.toString(16).padStart(8, '0');
        expect(pairs.map((_, row) => hashes.get(row))).toEqual(pairs.map(([a, b]) => written(a) + written(b)));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same values as the submissions recorded before (they are kept, and matched against later files)', () => {
    // Pinned from the fingerprint as it was before its loops were rewritten for speed (main 6660e80).
    const kept = [[' RXX001 ', 'Siân', "O'Connor", 'sian@nhs.net', '07700 900123'], ['', 'Zoë\u200B', 'Ng', '', '+44 7700 900124'], []];
    const made = fingerprintTable(kept);
    expect(made.fingerprint).toBe('d75292b88ff104e7');
    expect(fingerprintRows(kept)).toBe('d75292b88ff104e7');
    expect([0, 1, 2].map((i) => made.rowHashes.get(i))).toEqual(['c4c0204477905347', '76f4769d68b14f06', '1b0c7fc19db5527c']);
  });
});

describe('isTrimmed', () => {
  it('is true of exactly the characters trim() removes', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isTrimmed(c) !== (String.fromCharCode(c).trim() === '')) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('leaves a row hash as it was for values with spaces round them, of any kind, and counts the spaces inside', () => {
    const space = fc.constantFrom(' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\r\n');
    const padded = fc.tuple(fc.array(space, { maxLength: 3 }), fc.string({ maxLength: 6 }), fc.array(space, { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(padded, { minLength: 1, maxLength: 5 }), (cells) => {
        const written = cells.map(([before, value, after]) => before.join('') + value + after.join(''));
        const trimmed = written.map((v) => v.trim());
        expect(fingerprintTable([written]).rowHashes.get(0)).toBe(fingerprintTable([trimmed]).rowHashes.get(0));
      }),
      { numRuns: 500 },
    );
    expect(fingerprintRows([['Staff Nurse']])).not.toBe(fingerprintRows([['StaffNurse']]));
  });
});
