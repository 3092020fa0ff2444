import type { RowAnalysis } from './row-analysis';

/**
 * The analysed rows by what the portal will do with them, each list in file order, made as the rows are
 * analysed. A rule about one kind of row reads only that list instead of passing over every row of the file:
 * most rows of a large upload are plain updates, and the rows that create accounts or name someone else are few.
 */
export class RowGroups {
  /** Rows that would update an account (a target; outcome 'update'). */
  readonly updates: RowAnalysis[] = [];
  /** Rows that would create an account (outcome 'create'), every row without a local ID among them. */
  readonly creates: RowAnalysis[] = [];
  /** Updates whose target is someone else (wrongPerson). */
  readonly wrongPerson: RowAnalysis[] = [];
  /** Updates whose local ID is on several mailboxes of the target's organisation (sameLocalIdInOrg). */
  readonly sharedLocalId: RowAnalysis[] = [];

  add(r: RowAnalysis): void {
    if (r.target) {
      this.updates.push(r);
      if (r.wrongPerson) this.wrongPerson.push(r);
      if (r.sameLocalIdInOrg.length > 1) this.sharedLocalId.push(r);
    } else if (r.outcome === 'create') this.creates.push(r);
  }
}
