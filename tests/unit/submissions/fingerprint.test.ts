import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintRows, fingerprintTable, HashSet } from '../../../lib/submissions/fingerprint';
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

  it('finds a row among recorded row hashes exactly when its rowHash is one of them', () => {
    fc.assert(
      fc.property(rows, rows, (table, recorded) => {
        const { rowHashes } = fingerprintTable(table);
        const set = new HashSet([...recorded.map((row) => rowHash(row)), ...table.slice(0, 2).map((row) => rowHash(row))]);
        table.forEach((row, i) => expect(set.hasRow(rowHashes, i)).toBe(set.has(rowHash(row))));
      }),
      { numRuns: 300 },
    );
  });
});
