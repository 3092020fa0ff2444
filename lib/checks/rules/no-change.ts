import { describeMailbox } from '../describe';
import type { Rule } from '../rule';
import { valuesShownBy } from '../row-values';

/**
 * Every value in the row equals the cached mailbox: the row changes nothing and can be dropped.
 * Only claimed when every filled cell can be compared (a column the report lacks could be a change).
 */
export const noChangeRule: Readonly<Rule> = {
  id: 'no-change',
  run(input, emit) {
    const shown = valuesShownBy(input.ctx.table, input.ctx.columns);
    const updates = input.groups.updates;
    for (let i = 0; i < updates.length; i++) {
      const r = updates[i]!;
      const m = r.target;
      if (!m || r.wrongPerson) continue;
      if (!shown(r.row.values, m)) continue;
      emit({
        rule: 'no-change',
        severity: 'info',
        line: r.row.line,
        localId: r.localId,
        message: `Line ${r.row.line} changes nothing: every value matches the Mailbox Report for ${describeMailbox(m)}.`,
        fix: 'You can remove this row.',
      });
    }
  },
};
