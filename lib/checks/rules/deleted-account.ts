import { describeMailbox, localIdColumn, relatedMailbox, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * The local ID belongs only to a permanently deleted account: that account cannot be updated or
 * restored, so the portal will not match the row to it and creates a new account instead.
 */
export const deletedAccountRule: Readonly<Rule> = {
  id: 'deleted-account',
  run(input, emit) {
    const column = localIdColumn(input);
    // A row whose local ID's only accounts are deleted would create one.
    for (const r of input.groups.creates) {
      const gone = r.deletedTarget;
      if (!gone) continue;
      emit({
        rule: 'deleted-account',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `The local ID ${shown(r.localId)} on line ${r.row.line} belongs to ${describeMailbox(gone)}, which is permanently deleted ("${shown(gone.statusText || 'Deleted Permanent')}" in the Mailbox Report). A permanently deleted account cannot be updated: the portal will create a new account for ${rowPerson(input, r)} instead.`,
        fix: `Remove line ${r.row.line} from this update file. If ${rowPerson(input, r)} needs an account again, create it on purpose as a new account, not through an update.`,
        related: [relatedMailbox(gone)],
      });
    }
  },
};
