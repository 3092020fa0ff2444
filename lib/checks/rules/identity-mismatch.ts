import { cell } from '../../portal/columns';
import { describeMailbox, localIdColumn, relatedMailbox, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * The local ID exists but belongs to someone else (see RowAnalysis.wrongPerson):
 * the update would overwrite the wrong person's account.
 */
export const identityMismatchRule: Rule = {
  id: 'identity-mismatch',
  run(input, emit) {
    const column = localIdColumn(input);
    for (const r of input.rows) {
      const target = r.target;
      if (!target || !r.wrongPerson) continue;
      const person = rowPerson(input, r);
      const rowEmail = cell(r.row.values, input.ctx.columns, 'email').trim();
      emit({
        rule: 'identity-mismatch',
        severity: 'block',
        line: r.row.line,
        column,
        localId: r.localId,
        message: `Line ${r.row.line} is for ${person}${rowEmail && person !== rowEmail ? ` (${shown(rowEmail)})` : ''}, but its local ID ${shown(r.localId)} belongs to ${describeMailbox(target)}. Uploading would overwrite that person's account with someone else's details.`,
        fix: `Check the local ID on line ${r.row.line} against the Mailbox Report and correct it. If this really is the same person and both their name and email have changed, check the account on the portal before uploading.`,
        related: [relatedMailbox(target)],
      });
    }
  },
};
