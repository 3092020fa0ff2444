import { cell } from '../../portal/columns';
import { describeMailbox, relatedMailbox, shown } from '../describe';
import type { Rule } from '../rule';

/** A different organisational unit: a CSV update cannot move a user; Bulk Edit → Transfer does. */
export const ouChangeRule: Readonly<Rule> = {
  id: 'ou-change',
  run(input, emit) {
    const column = input.columnName('ou');
    if (column === undefined) return;
    const updates = input.groups.updates;
    for (let i = 0; i < updates.length; i++) {
      const r = updates[i]!;
      if (!r.target || r.wrongPerson) continue;
      const current = r.target.ou?.trim();
      const wanted = cell(r.row.values, input.ctx.columns, 'ou').trim();
      if (!current || !wanted || current === wanted || ouKey(current) === ouKey(wanted)) continue;
      emit({
        rule: 'ou-change',
        severity: 'warn',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `Line ${r.row.line} puts ${describeMailbox(r.target)} in the organisational unit "${shown(wanted)}", but they are in "${shown(current)}". A CSV update cannot move users between organisational units.`,
        fix: `To move them, use Bulk Edit → Transfer on the portal (at most 50 users at a time). In this file, put "${shown(current)}" back in the ${column} column.`,
        related: [relatedMailbox(r.target)],
      });
    }
  },
};

function ouKey(ou: string): string {
  return ou.toLowerCase().replace(/\s+/g, ' ');
}
