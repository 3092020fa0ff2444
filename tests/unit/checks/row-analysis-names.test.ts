import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMailboxIndex, mailboxNameKeys, personNameKeys } from '../../../lib/checks/mailbox-index';
import { RowAnalyser, type RowAnalysis } from '../../../lib/checks/row-analysis';
import { cell } from '../../../lib/portal/columns';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { emailKey, localIdKey, mobileKey, namesMatch } from '../../../lib/portal/normalize';
import { columns, mailboxArb, rowArb } from './row-arbitraries';

/**
 * The row analysis makes a row's name keys only when a decision needs them (another mailbox has the
 * row's mobile, the email does not settle who it is, the row would create an account). Checked here
 * against the rules written out by brute force over every mailbox, with the names always made.
 */

const isGone = (m: Mailbox) => m.status === 'deleted-permanent';

/** Whether two name key lists share a first or a last part (and not a whole key). */
function sharePart(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => x.split('|')[0] === y.split('|')[0] || x.split('|')[1] === y.split('|')[1]));
}

describe('row analysis with name keys made on first use', () => {
  it('finds the same other person, wrong person and duplicates as the rules written out with every name made', () => {
    fc.assert(
      fc.property(fc.array(mailboxArb, { maxLength: 8 }), rowArb, fc.boolean(), (mailboxes, values, reportsAvailable) => {
        const r: RowAnalysis = new RowAnalyser(columns, buildMailboxIndex(mailboxes), reportsAvailable).analyse({ line: 2, values });
        const at = (role: 'localId' | 'email' | 'mobile' | 'firstName' | 'lastName' | 'displayName') => cell(values, columns, role);
        const idKey = localIdKey(at('localId'));
        const eKey = emailKey(at('email'));
        const mKey = mobileKey(at('mobile'));
        const names = personNameKeys(at('firstName'), at('lastName'), at('displayName'));
        expect(r.nameKeys).toEqual(names);
        expect(r.nameKey).toBe(names[0] ?? '');
        const byNameAndMobile = (m: Mailbox) =>
          names.length > 0 && mKey !== '' && mobileKey(m.mobile) === mKey && namesMatch(names, mailboxNameKeys(m));

        const target = r.target;
        if (!target) {
          expect(r.wrongPerson).toBe(false);
          expect(r.otherPerson).toBeUndefined();
          if (r.outcome === 'create') {
            // Every live mailbox with the row's email, then with its name and mobile, each once (at most 20).
            const live = mailboxes.filter((m) => !isGone(m));
            const expected = [...new Set([...live.filter((m) => eKey !== '' && emailKey(m.email) === eKey), ...live.filter(byNameAndMobile)])];
            expect(new Set(r.duplicates)).toEqual(new Set(expected.slice(0, 20)));
          }
          return;
        }
        // Another live mailbox, not sharing the row's local ID, named by the row's email or its name and mobile.
        const others = mailboxes.filter((m) => m !== target && !isGone(m) && localIdKey(m.localId) !== idKey);
        const targetNames = mailboxNameKeys(target);
        const emailIsOthers = eKey !== '' && eKey !== emailKey(target.email) && others.some((m) => emailKey(m.email) === eKey);
        const targetHasNameAndMobile = mobileKey(target.mobile) === mKey && namesMatch(names, targetNames);
        const personIsOthers = !targetHasNameAndMobile && others.some(byNameAndMobile);
        if (emailIsOthers) {
          expect(r.otherPerson?.reason).toBe('email');
          expect(others).toContain(r.otherPerson!.mailbox);
          expect(emailKey(r.otherPerson!.mailbox.email)).toBe(eKey);
        } else if (personIsOthers) {
          expect(r.otherPerson?.reason).toBe('name-and-mobile');
          expect(others.filter(byNameAndMobile)).toContain(r.otherPerson!.mailbox);
        } else {
          expect(r.otherPerson).toBeUndefined();
        }

        // Someone else: a different email with any name difference, or no email to compare and a different name.
        const targetEmail = emailKey(target.email);
        const email = eKey && targetEmail ? (eKey === targetEmail ? 'same' : 'differs') : 'unknown';
        const name =
          names.length === 0 || targetNames.length === 0
            ? 'unknown'
            : namesMatch(names, targetNames)
              ? 'same'
              : sharePart(names, targetNames)
                ? 'partial'
                : 'differs';
        const someoneElse =
          email === 'same' || name === 'same'
            ? 'no'
            : email === 'differs' || name === 'differs'
              ? 'yes'
              : name === 'partial' && !(mKey && mKey === mobileKey(target.mobile))
                ? 'name-partly'
                : 'no';
        expect(r.wrongPerson).toBe(emailIsOthers || personIsOthers || someoneElse !== 'no');
        expect(r.namePartlyDiffers === true).toBe(someoneElse === 'name-partly');
      }),
      { numRuns: 3000 },
    );
  });
});
