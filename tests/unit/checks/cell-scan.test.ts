import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VALUE_LENGTH, scanCells, type CellAt } from '../../../lib/checks/cell-scan';
import { readCsv } from '../../../lib/csv/read';
import { looksLikeFormula } from '../../../lib/csv/write';
import { hasInvisible } from '../../../lib/portal/normalize';

/** Characters the scan looks for, and the separator it joins a row's values with. */
const CHARACTERS = ['a', 'Z', '0', ' ', 'é', '=', '+', '-', '@', '\t', '\r', '\n', '7', '\u200B', '\u202E', '\uFEFF', '\u00AD', '\u00A0'];

/** Short values, values either side of MAX_VALUE_LENGTH, and some usual ones, made of `unit`'s characters. */
function valuesOf(unit: fc.Arbitrary<string>, usual: readonly string[]) {
  return fc.oneof(
    fc.string({ unit, maxLength: 8 }),
    fc.string({ unit, minLength: MAX_VALUE_LENGTH - 2, maxLength: MAX_VALUE_LENGTH + 2 }),
    fc.constantFrom(...usual),
  );
}

const USUAL = ['', '+44 7700 900123', '-12', '=SUM(A1)', 'RXX\u200B001'];
const value = valuesOf(fc.constantFrom(...CHARACTERS, '\u0000'), USUAL);

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
        expect(scanCells({ rows: rows.map((values, i) => ({ line: i + 2, values })), delimiter: ',' })).toEqual(cellByCell(rows));
      }),
      { numRuns: 2000 },
    );
  });
});

/** One value as a CSV file holds it: quoted when it must be, and sometimes when it need not be. */
function written(value: string, delimiter: string, quote: boolean): string {
  const must = value.includes(delimiter) || value.includes('"') || value.includes('\r') || value.includes('\n');
  return must || quote ? `"${value.replaceAll('"', '""')}"` : value;
}

const HEADINGS = ['ExternalSyncID', 'First Name', 'Email Address', 'Notes'];

/** As `value`, with quotes and separators, without the NUL character (a file holding one is refused as not text). */
const fileValue = valuesOf(fc.constantFrom(...CHARACTERS, '"', ',', ';'), [...USUAL, '@A1', 'x'.repeat(MAX_VALUE_LENGTH + 1)]);

/** A whole upload file: any values, any separator and line breaks (mixed too), blank lines, Excel's "sep=" line, a byte order mark. */
const csvFile = fc
  .record({
    rows: fc.array(fc.array(fc.record({ value: fileValue, quote: fc.boolean() }), { minLength: HEADINGS.length, maxLength: HEADINGS.length }), {
      maxLength: 8,
    }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    breaks: fc.array(fc.constantFrom('\r\n', '\n', '\r'), { minLength: 1, maxLength: 3 }),
    blankAfter: fc.array(fc.boolean(), { maxLength: 8 }),
    sepLine: fc.boolean(),
    bom: fc.boolean(),
    endsWithBreak: fc.boolean(),
  })
  .map(({ rows, delimiter, breaks, blankAfter, sepLine, bom, endsWithBreak }) => {
    const lines = [HEADINGS.join(delimiter)];
    rows.forEach((cells, i) => {
      lines.push(cells.map((c) => written(c.value, delimiter, c.quote)).join(delimiter));
      if (blankAfter[i]) lines.push('');
    });
    let text = sepLine ? `sep=${delimiter}${breaks[0]}` : '';
    lines.forEach((line, i) => (text += (i > 0 ? breaks[i % breaks.length] : '') + line));
    if (endsWithBreak) text += breaks[0];
    return (bom ? '\uFEFF' : '') + text;
  });

describe('cell scan of the whole text', () => {
  it('finds exactly the cells that testing every cell on its own finds, whatever the file looks like', () => {
    let compared = 0;
    const seen = { invisible: 0, formulas: 0, long: 0 };
    fc.assert(
      fc.property(csvFile, (text) => {
        const read = readCsv({ text, encoding: 'utf-8' }, 'users.csv');
        if (!read.ok) return;
        compared++;
        const expected = cellByCell(read.table.rows.map((r) => r.values));
        for (const kind of ['invisible', 'formulas', 'long'] as const) if (expected[kind].length > 0) seen[kind]++;
        expect(scanCells(read.table, read.source)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    // Not passed by files it could not read, nor by files with nothing to find.
    expect(compared).toBeGreaterThan(2000);
    expect(Math.min(seen.invisible, seen.formulas, seen.long)).toBeGreaterThan(200);
  });

  it('finds a formula at the start of any row, after a quote, and after an empty cell, but not in an empty last cell', () => {
    const formulas = (lines: string[], lineBreak: string) => {
      const read = readCsv({ text: lines.join(lineBreak), encoding: 'utf-8' }, 'users.csv');
      if (!read.ok) throw new Error(read.error.message);
      return scanCells(read.table, read.source).formulas;
    };
    const heading = 'ExternalSyncID,First Name,Email Address,Notes';
    expect(formulas([heading, '=1,a,b,', 'x,"=2",b,', 'x,,-A3,', 'x,a,b,"\t@4"', 'x,a,b,c'], '\r\n')).toEqual([
      { row: 0, column: 0 },
      { row: 1, column: 1 },
      { row: 2, column: 2 },
      { row: 3, column: 3 },
    ]);
    // Lines ending in a carriage return alone (old Mac files): one can start only a quoted value.
    expect(formulas([heading, 'x,a,b,', 'x,"\rb",b,c'], '\r')).toEqual([{ row: 1, column: 1 }]);
  });
});
