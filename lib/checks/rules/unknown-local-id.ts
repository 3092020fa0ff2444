import { describeMailbox, localIdColumn, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';

/** A local ID no cached report knows: the portal will not find the account and creates a new one. */
export const unknownLocalIdRule: Readonly<Rule> = {
  id: 'unknown-local-id',
  run(input, emit) {
    if (!input.reportsAvailable) return; // cannot tell; the no-report finding says so
    const column = localIdColumn(input);
    for (const r of input.groups.creates) {
      if (!r.localIdKey || r.deletedTarget) continue; // a deleted account's ID: deleted-account
      const existing = r.duplicates[0];
      emit({
        rule: 'unknown-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `The local ID "${shown(r.localId)}" on line ${r.row.line} is not in the cached Mailbox Report, so the portal will create a new account for ${rowPerson(input, r)} instead of updating one.`,
        fix: existing?.localId
          ? `${describeMailbox(existing)} already exists: put ${existing.localId} in the ${column} column of line ${r.row.line}.`
          : 'Check the local ID for typos against the Mailbox Report. If the person was added after the report was downloaded, import a fresh Mailbox Report and check again.',
      });
    }
  },
};
