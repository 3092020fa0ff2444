import { localIdKey } from '../portal/normalize';
import { HashSet } from '../submissions/fingerprint';
import { mobileOfNameMobile } from '../submissions/submitted-rows';
import type { Submission } from '../submissions/types';
import { HashedKeySet } from './hashed-key-set';

/** What an earlier upload recorded of its rows. The sets every row of the file is looked up in are HashedKeySets. */
export interface RecordedRows extends RowSets {
  /** From the reconciled results, when there are any. */
  applied: Set<string>;
  failed: Set<string>;
}

/** The sets made from the rows the upload was granted the slot with. */
interface RowSets {
  localIds: HashedKeySet;
  /** Local IDs predicted as updates; undefined on records kept before the prediction was. */
  updates?: HashedKeySet;
  /** rowHash of each of those update rows; undefined on records kept before they were. */
  updateHashes?: HashSet;
  /** Keys of the predicted creates; undefined on records kept before they were. */
  creates?: {
    hashes: HashSet;
    localIds: HashedKeySet;
    emails: HashedKeySet;
    nameMobiles: Set<string>;
    /** The mobile of each of nameMobiles: a row without one of these cannot match. */
    nameMobileMobiles: HashedKeySet;
  };
}

/** The row sets with what the upload's reconciled results say (these change as results come in: never kept). */
function withResults(s: Submission, sets: RowSets): RecordedRows {
  return {
    ...sets,
    applied: new Set((s.outcome?.appliedLocalIds ?? []).map(localIdKey)),
    failed: new Set((s.outcome?.failedLocalIds ?? []).map(localIdKey)),
  };
}

/**
 * Each earlier upload's rows as recorded (tolerating older records that kept only local IDs), its row sets
 * kept by id between checks: the worker owns one. An upload's rows are copied into its record once, when it
 * is granted the slot, and never change; but every check reads the history afresh and searches every upload
 * still unsafe to repeat, so a 50,000-row upload in flight had its sets (about 50 ms) made again for every
 * check of every file. Only the uploads the latest search read are kept (a 50,000-row upload's sets hold
 * several megabytes: no more than that search needed). The stamp catches a record whose rows are not the
 * ones the sets were made from.
 */
export class RecordedRowsCache {
  private readonly byId = new Map<string, { stamp: string; sets: RowSets }>();

  /** How many uploads' sets are kept. */
  get size(): number {
    return this.byId.size;
  }

  /** Forget every upload but these (the ones a search is about to read): sets are kept only while they are read. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.byId.keys()) if (!ids.has(id)) this.byId.delete(id);
  }

  /** The upload's recorded rows, its row sets made only when this upload's were not kept. */
  rowsOf(s: Submission): RecordedRows {
    return withResults(s, this.setsOf(s));
  }

  private setsOf(s: Submission): RowSets {
    const stamp = stampOf(s);
    const held = this.byId.get(s.id);
    if (held?.stamp === stamp) return held.sets;
    const sets = makeRowSets(s);
    this.byId.set(s.id, { stamp, sets });
    return sets;
  }
}

/** When the record was made, of which file, and each list's length and ends: cheap, and different for other rows. */
function stampOf(s: Submission): string {
  const lists = [s.localIds, s.predictedUpdateLocalIds, s.predictedUpdateRowHashes, s.predictedCreates];
  const ends = lists.map((list) => (list ? `${list.length}:${[list[0], list[list.length >> 1], list.at(-1)].map(itemText).join(':')}` : '-'));
  return JSON.stringify([s.createdAt, s.fingerprint, s.rowCount, ...ends]);
}

/** A list item in the stamp: a local ID or row hash as it is, a predicted create by its row hash. */
function itemText(item: string | { rowHash: string } | undefined): string {
  return typeof item === 'object' ? item.rowHash : (item ?? '');
}

function makeRowSets(s: Submission): RowSets {
  const r: RowSets = { localIds: new HashedKeySet(s.localIds.map(localIdKey)) };
  if (s.predictedUpdateLocalIds) r.updates = new HashedKeySet(s.predictedUpdateLocalIds.map(localIdKey));
  if (s.predictedUpdateRowHashes) r.updateHashes = new HashSet(s.predictedUpdateRowHashes);
  if (s.predictedCreates) {
    const localIds: string[] = [];
    const emails: string[] = [];
    const nameMobiles = new Set<string>();
    for (const row of s.predictedCreates) {
      if (row.localId) localIds.push(row.localId);
      if (row.email) emails.push(row.email);
      if (row.nameMobile) nameMobiles.add(row.nameMobile);
    }
    r.creates = {
      hashes: new HashSet(s.predictedCreates.map((row) => row.rowHash)),
      localIds: new HashedKeySet(localIds),
      emails: new HashedKeySet(emails),
      nameMobiles,
      nameMobileMobiles: new HashedKeySet([...nameMobiles].map(mobileOfNameMobile)),
    };
  }
  return r;
}
