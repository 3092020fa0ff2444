import { lineList, localIdColumn, shown } from '../describe';
import type { Rule } from '../rule';
import type { PredictedOutcome } from '../row-analysis';

/** The same local ID on several rows: they all update one account, or, when no account has it, each create one. */
export const duplicateLocalIdRule: Readonly<Rule> = {
  id: 'duplicate-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    const first = input.keys.localIdFirstRows;
    const rows = input.rows;
    // The lines of each local ID on several rows, by its first row: none for the many on one row.
    const lines = new Map<number, number[]>();
    for (let i = 0; i < rows.length; i++) {
      const at = first[i]!;
      if (at === -1 || at === i) continue;
      const list = lines.get(at);
      if (list) list.push(rows[i]!.row.line);
      else lines.set(at, [rows[at]!.row.line, rows[i]!.row.line]);
    }
    if (lines.size === 0) return;
    for (let i = 0; i < rows.length; i++) {
      const at = first[i]!;
      const same = at === -1 ? undefined : lines.get(at);
      if (!same) continue;
      const r = rows[i]!;
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
