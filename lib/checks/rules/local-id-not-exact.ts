import { cell } from '../../portal/columns';
import { stripInvisible } from '../../portal/normalize';
import { localIdColumn, nameList, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * A local ID with spaces round it (an ordinary space, a no-break space from a web page, a tab…):
 * CSV Guard compares it without them, but the portal may compare it as written, miss the account and
 * create a new one. Invisible characters inside a value are the suspicious-characters rule's.
 */
export const localIdNotExactRule: Readonly<Rule> = {
  id: 'local-id-not-exact',
  run(input, emit) {
    const { columns } = input.ctx;
    if (columns.localId === undefined) return;
    const column = localIdColumn(input);
    const rows = input.rows;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!r.localIdKey) continue;
      const raw = cell(r.row.values, columns, 'localId');
      if (raw === r.localIdKey) continue; // the usual case
      const visible = stripInvisible(raw);
      const trimmed = visible.trim();
      if (visible === trimmed) continue;
      const before = visible.slice(0, visible.indexOf(trimmed));
      const after = visible.slice(visible.indexOf(trimmed) + trimmed.length);
      const where = [before && `${nameList(spaceNames(before))} before it`, after && `${nameList(spaceNames(after))} after it`]
        .filter(Boolean)
        .join(' and ');
      emit({
        rule: 'local-id-not-exact',
        severity: 'warn',
        line: r.row.line,
        column,
        localId: r.localIdKey,
        message: `The local ID on line ${r.row.line} is "${shown(r.localIdKey)}" with ${where}. CSV Guard matched it as ${shown(r.localIdKey)}, but the portal may compare the value as written, not find the account, and create a new one.`,
        fix: `Delete the ${column} cell on line ${r.row.line} and type ${shown(r.localIdKey)} again, with nothing before or after it.`,
      });
    }
  },
};

const SPACE_NAMES: Readonly<Record<string, string>> = {
  ' ': 'a space',
  '\t': 'a tab',
  '\u00A0': 'a no-break space',
  '\u202F': 'a narrow no-break space',
  '\u2007': 'a figure space',
  '\u3000': 'an ideographic space',
  '\n': 'a line break',
  '\r': 'a line break',
};

/** "a no-break space", each kind once, in order of appearance. */
function spaceNames(spaces: string): string[] {
  const names: string[] = [];
  for (const ch of spaces) {
    const name = SPACE_NAMES[ch] ?? `a space character (U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
