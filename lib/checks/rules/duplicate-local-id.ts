import { lineList, localIdColumn, shown } from '../describe';
import type { Rule } from '../rule';
import type { PredictedOutcome } from '../row-analysis';

/** The same local ID on several rows: they all update one account, or, when no account has it, each create one. */
export const duplicateLocalIdRule: Readonly<Rule> = {
  id: 'duplicate-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    // Each local ID's first line, and the lines of those on several rows: no list for the many on one row.
    const first = new Map<string, number>();
    const lines = new Map<string, number[]>();
    const rows = input.rows;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!r.localIdKey) continue;
      const line = first.get(r.localIdKey);
      if (line === undefined) first.set(r.localIdKey, r.row.line);
      else {
        const list = lines.get(r.localIdKey);
        if (list) list.push(r.row.line);
        else lines.set(r.localIdKey, [line, r.row.line]);
      }
    }
    if (lines.size === 0) return;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const same = r.localIdKey ? lines.get(r.localIdKey) : undefined;
      if (!same) continue;
      emit({
        rule: 'duplicate-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `The local ID ${shown(r.localId)} is on ${same.length} rows (${lineList(same)}). ${CONSEQUENCE[r.outcome]}`,
        fix:
          r.outcome === 'update'
            ? 'Keep one row for each person: correct the local IDs or delete the extra rows.'
            : "Keep one row for each person, each with that person's own local ID from the Mailbox Report: correct the local IDs or delete the extra rows.",
      });
    }
  },
};

/** What the portal will do with rows that share a local ID, by what it would do with each. */
const CONSEQUENCE: Readonly<Record<PredictedOutcome, string>> = {
  update: 'They would all update the same account, one after another.',
  create:
    'No account in the Mailbox Report can be updated with it, so each of these rows would create a new account: several accounts, all with the same local ID.',
  unknown:
    'With no Mailbox Report to check it against: if an account has it, they would all update that one account, one after another; if none has it, each row would create a new account.',
};
