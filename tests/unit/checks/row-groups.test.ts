import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { RowAnalyser } from '../../../lib/checks/row-analysis';
import { RowGroups } from '../../../lib/checks/row-groups';
import { mailboxArb, rowArb, columns } from './row-arbitraries';

/**
 * The rules about one kind of row read only its group (lib/checks/row-groups). Each group must hold exactly
 * the rows those rules picked out of every row before, in file order, including the facts they now rely on:
 * a row without a local ID, or whose local ID's accounts are all deleted, would create an account.
 */
describe('row groups', () => {
  it('hold, in file order, exactly the rows each kind of rule used to pick from every row', () => {
    fc.assert(
      fc.property(fc.array(mailboxArb, { maxLength: 8 }), fc.array(rowArb, { maxLength: 8 }), fc.boolean(), (mailboxes, rows, reportsAvailable) => {
        const analyser = new RowAnalyser(columns, buildMailboxIndex(mailboxes), reportsAvailable);
        const analysed = rows.map((values, i) => analyser.analyse({ line: i + 2, values }));
        const groups = new RowGroups();
        for (const r of analysed) groups.add(r);

        expect(groups.updates).toEqual(analysed.filter((r) => r.target !== undefined));
        expect(groups.updates).toEqual(analysed.filter((r) => r.outcome === 'update'));
        expect(groups.creates).toEqual(analysed.filter((r) => r.outcome === 'create'));
        expect(groups.wrongPerson).toEqual(analysed.filter((r) => r.target && r.wrongPerson));
        expect(groups.sharedLocalId).toEqual(analysed.filter((r) => r.target && r.sameLocalIdInOrg.length > 1));
        for (const r of analysed) {
          if (!r.localIdKey || r.deletedTarget) expect(groups.creates).toContain(r);
          if (r.outcome === 'create') expect(r.target).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
