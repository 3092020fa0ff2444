import { hasInvisible, invisibleCharNames } from '../../portal/normalize';
import { nameList } from '../describe';
import type { Rule } from '../rule';

/**
 * Zero-width spaces and bidi controls hide inside copied values: "RXX001" and "RXX0​01" look the same
 * to an admin but not to the portal, which would then not find the account.
 */
export const suspiciousCharactersRule: Readonly<Rule> = {
  id: 'suspicious-characters',
  run(input, emit) {
    const { header, rows } = input.ctx.table;
    const localIdIndex = input.ctx.columns.localId;
    const emailIndex = input.ctx.columns.email;
    for (let i = 0; i < header.length; i++) {
      const heading = header[i]!;
      if (!hasInvisible(heading)) continue;
      emit({
        rule: 'suspicious-characters',
        severity: 'warn',
        line: input.headerLine,
        column: heading,
        message: `The heading of column ${i + 1} ("${heading}") contains invisible characters (${nameList(invisibleCharNames(heading))}). They make two headings look the same when they are not, so the portal may not recognise the column.`,
        fix: 'Type the heading again in Excel rather than copying it.',
      });
    }
    for (const { row: index, column: i } of input.cells.invisible) {
      const row = rows[index]!;
      const values = row.values;
      const value = values[i]!;
      const column = header[i] ?? `column ${i + 1}`;
      const isId = i === localIdIndex || i === emailIndex;
      emit({
        rule: 'suspicious-characters',
        severity: 'warn',
        line: row.line,
        column,
        ...(localIdIndex !== undefined && values[localIdIndex] ? { localId: values[localIdIndex]!.trim() } : {}),
        message: `The ${column} value on line ${row.line} contains invisible characters (${nameList(invisibleCharNames(value))}). They make two IDs or names look the same when they are not${isId ? ': CSV Guard ignores them when matching, but the portal may not, and could then create a new account' : ''}.`,
        fix: `Delete the ${column} cell on line ${row.line} and type the value again (do not paste it).`,
      });
    }
  },
};
