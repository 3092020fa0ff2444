import { describeMailbox, localIdColumn, plural, relatedMailbox, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * The local ID is on several mailboxes of one organisation (a placeholder such as "N/A" or "0"):
 * the portal matches by local ID, so which account it updates cannot be known.
 */
export const ambiguousLocalIdRule: Readonly<Rule> = {
  id: 'ambiguous-local-id',
  run(input, emit) {
    const column = localIdColumn(input);
    for (const r of input.groups.sharedLocalId) {
      const shared = r.sameLocalIdInOrg;
      const examples = shared.slice(0, 3).map(describeMailbox).join('; ');
      const more = shared.length > 3 ? ` and ${plural(shared.length - 3, 'other')}` : '';
      emit({
        rule: 'ambiguous-local-id',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `The local ID ${shown(r.localId)} on line ${r.row.line} is on ${plural(shared.length, 'mailbox', 'mailboxes')} in the Mailbox Report (${examples}${more}). The portal matches rows by local ID, so it cannot tell which account to update: it may change the wrong person's account or fail the row.`,
        fix: `Give ${rowPerson(input, r)} their own local ID on the portal first (no two accounts should share one), then put it in the ${column} column of line ${r.row.line}. Until then, remove the row and update the account by hand.`,
        related: shared.slice(0, 5).map(relatedMailbox),
      });
    }
  },
};
