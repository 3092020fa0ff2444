import { describeMailbox, localIdColumn, rowPerson } from '../describe';
import type { Rule } from '../rule';

/** No local ID and no portal ID: the portal cannot match the row, so it creates a new account. */
export const missingLocalIdRule: Rule = {
  id: 'missing-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    for (const r of input.rows) {
      if (r.localIdKey || r.portalId) continue;
      const existing = r.duplicates[0];
      emit({
        rule: 'missing-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        message: `Line ${r.row.line} has no local ID (${column}) and no portal ID, so the portal will create a new account for ${rowPerson(input, r)} instead of updating an existing one.`,
        fix: existing?.localId
          ? `${describeMailbox(existing)} already exists: put ${existing.localId} in the ${column} column of line ${r.row.line}.`
          : `Put the person's local ID (their ExternalSyncID in the Mailbox Report) in the ${column} column. If this really is a new person, remove the row from this update file.`,
      });
    }
  },
};
