import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VALUE_LENGTH, scanCells, type CellAt } from '../../../lib/checks/cell-scan';
import { looksLikeFormula } from '../../../lib/csv/write';
import { hasInvisible } from '../../../lib/portal/normalize';

/** Characters the scan looks for, and the separator it joins a row's values with. */
const unit = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  'é',
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '7',
  '\u0000',
  '\u200B',
  '\u202E',
  '\uFEFF',
  '\u00AD',
  '\u00A0',
);
const value = fc.oneof(
  fc.string({ unit, maxLength: 8 }),
  fc.string({ unit, minLength: MAX_VALUE_LENGTH - 2, maxLength: MAX_VALUE_LENGTH + 2 }),
  fc.constantFrom('', '+44 7700 900123', '-12', '=SUM(A1)', 'RXX\u200B001'),
);

/** Every cell tested on its own: what the scan finds must be exactly this, in file order. */
function cellByCell(rows: readonly (readonly string[])[]) {
  const found = { invisible: [] as CellAt[], formulas: [] as CellAt[], long: [] as CellAt[] };
  rows.forEach((values, row) =>
    values.forEach((v, column) => {
      if (looksLikeFormula(v)) found.formulas.push({ row, column });
      if (v.length > MAX_VALUE_LENGTH) found.long.push({ row, column });
      if (hasInvisible(v)) found.invisible.push({ row, column });
    }),
  );
  return found;
}

describe('cell scan', () => {
  it('finds the same cells as testing every cell on its own, searching each row as one text first', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 6 }), (rows) => {
        expect(scanCells({ rows: rows.map((values, i) => ({ line: i + 2, values })) })).toEqual(cellByCell(rows));
      }),
      { numRuns: 2000 },
    );
  });
});
