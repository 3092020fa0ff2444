import { cell } from '../../portal/columns';
import { describeMailbox, localIdColumn, relatedMailbox, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * The local ID exists but belongs to someone else (see RowAnalysis.wrongPerson), or the row's email,
 * or name and mobile, are another mailbox's: the update would overwrite the wrong person's account.
 * A local ID shared by several mailboxes is the ambiguous-local-id rule's.
 */
export const identityMismatchRule: Readonly<Rule> = {
  id: 'identity-mismatch',
  run(input, emit) {
    const column = localIdColumn(input);
    for (const r of input.groups.wrongPerson) {
      const target = r.target;
      if (!target || r.sameLocalIdInOrg.length > 1) continue;
      const person = rowPerson(input, r);
      const rowEmail = cell(r.row.values, input.ctx.columns, 'email').trim();
      const other = r.otherPerson;
      if (other) {
        const what = other.reason === 'email' ? `its email address${rowEmail ? ` (${shown(rowEmail)})` : ''} is` : 'its name and mobile number are';
        emit({
          rule: 'identity-mismatch',
          severity: 'block',
          line: r.row.line,
          column: other.reason === 'email' ? (input.columnName('email') ?? column) : column,
          localId: r.localId,
          message: `Line ${r.row.line}'s local ID ${shown(r.localId)} belongs to ${describeMailbox(target)}, but ${what} those of ${describeMailbox(other.mailbox)}. Uploading would overwrite ${describeMailbox(target)} with another person's details.`,
          fix: other.mailbox.localId
            ? `If line ${r.row.line} is for ${rowPerson(input, r)}, put ${shown(other.mailbox.localId)} in the ${column} column. If it is for the owner of ${shown(r.localId)}, correct the ${other.reason === 'email' ? 'email address' : 'name and mobile number'} on line ${r.row.line}.`
            : `Check on the portal which account line ${r.row.line} is for, and correct its local ID, or its ${other.reason === 'email' ? 'email address' : 'name and mobile number'}, before uploading.`,
          related: [relatedMailbox(target), relatedMailbox(other.mailbox)],
        });
        continue;
      }
      if (r.namePartlyDiffers) {
        emit({
          rule: 'identity-mismatch',
          severity: 'block',
          line: r.row.line,
          column,
          localId: r.localId,
          message: `Line ${r.row.line} is for ${person}, but its local ID ${shown(r.localId)} belongs to ${describeMailbox(target)}, whose name is only partly the same, and the row has no email address or matching mobile number to show it is the same person. If it is someone else (a relative or namesake whose local ID was copied), uploading would overwrite their account.`,
          fix: `Check the local ID on line ${r.row.line} against the Mailbox Report. If ${describeMailbox(target)} has changed their name, put their email address on line ${r.row.line} so CSV Guard can confirm it; otherwise correct the local ID.`,
          related: [relatedMailbox(target)],
        });
        continue;
      }
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
