import { describeMailbox, localIdColumn, relatedMailbox } from '../describe';
import type { Rule } from '../rule';

/** A row that would create an account, for someone who already has one (same email, or same name and mobile). */
export const probableDuplicateRule: Readonly<Rule> = {
  id: 'probable-duplicate',
  run(input, emit) {
    const column = localIdColumn(input);
    for (const r of input.groups.creates) {
      if (r.duplicates.length === 0) continue;
      const existing = r.duplicates[0]!;
      const how = r.duplicateReasons[0] === 'email' ? 'the same email address' : 'the same name and mobile number';
      const others = r.duplicates.length > 1 ? ` (and ${r.duplicates.length - 1} more similar account${r.duplicates.length > 2 ? 's' : ''})` : '';
      emit({
        rule: 'probable-duplicate',
        severity: 'block',
        line: r.row.line,
        column,
        ...(r.localId ? { localId: r.localId } : {}),
        message: `Line ${r.row.line} would create a new account, but ${describeMailbox(existing)} already exists with ${how}${others}. Uploading would give this person a second account.`,
        fix: existing.localId
          ? `Put ${existing.localId} in the ${column} column of line ${r.row.line} so the row updates the existing account.`
          : "The existing account has no local ID in the Mailbox Report, so no row can be matched to it. Remove this row and set the account's local ID on the portal first.",
        related: r.duplicates.slice(0, 5).map(relatedMailbox),
      });
    }
  },
};
