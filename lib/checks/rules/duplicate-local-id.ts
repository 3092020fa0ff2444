import { lineList, localIdColumn, shown } from '../describe';
import type { Rule } from '../rule';

/** The same local ID on several rows: they all update one account, or the wrong ones. */
export const duplicateLocalIdRule: Rule = {
  id: 'duplicate-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    const lines = new Map<string, number[]>();
    for (const r of input.rows) {
      if (!r.localIdKey) continue;
      const list = lines.get(r.localIdKey);
      if (list) list.push(r.row.line);
      else lines.set(r.localIdKey, [r.row.line]);
    }
    for (const r of input.rows) {
      const same = r.localIdKey ? lines.get(r.localIdKey) : undefined;
      if (!same || same.length < 2) continue;
      emit({
        rule: 'duplicate-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `The local ID ${shown(r.localId)} is on ${same.length} rows (${lineList(same)}). They would all update the same account, one after another.`,
        fix: 'Keep one row for each person: correct the local IDs or delete the extra rows.',
      });
    }
  },
};
