import { describeMailbox, localIdColumn, rowPerson } from '../describe';
import type { Rule } from '../rule';

/**
 * No local ID: the portal matches updates by local ID, so it creates a new account. A row with only the
 * portal's own ID is flagged too (the ID column's rule is not published; a blank local ID is the documented cause).
 */
export const missingLocalIdRule: Readonly<Rule> = {
  id: 'missing-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    // Every row without a local ID would create an account.
    for (const r of input.groups.creates) {
      if (r.localIdKey) continue;
      const existing = r.duplicates[0];
      const ids = r.portalId ? `no local ID (${column}), only the portal ID ${r.portalId},` : `no local ID (${column}) and no portal ID,`;
      emit({
        rule: 'missing-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        message: `Line ${r.row.line} has ${ids} so the portal will create a new account for ${rowPerson(input, r)} instead of updating an existing one.`,
        fix: existing?.localId
          ? `${describeMailbox(existing)} already exists: put ${existing.localId} in the ${column} column of line ${r.row.line}.`
          : `Put the person's local ID (their ExternalSyncID in the Mailbox Report) in the ${column} column. If this really is a new person, remove the row from this update file.`,
      });
    }
  },
};
