import type { RuleId } from '../checks/types';
import { predictedRows } from '../submissions/submitted-rows';
import type { SlotRequest } from '../submissions/types';
import type { CheckRun } from './check-pipeline';
import { groupFindings, type FindingGroup } from './finding-groups';

/** A finished check the background keeps so exports, "Show all" and the slot need not check again. */
export interface KeptCheck {
  checkId: string;
  fileName: string;
  tabId?: number;
  run: CheckRun;
  groups: Map<RuleId, FindingGroup>;
}

/**
 * The latest check of each tab, and at most `limit` in all. A full check of a 50,000-row file holds
 * the parsed table, every finding and the looked-up mailboxes, so the worker keeps no history: a tab's
 * earlier check is dropped when it checks another file. Lost when the worker stops; every request that
 * needs a kept check answers `check-unknown` then, and the page sends the file again under the same id.
 */
export class CheckRuns {
  private readonly byId = new Map<string, KeptCheck>();

  constructor(private readonly limit = 2) {}

  keep(checkId: string, fileName: string, run: CheckRun, tabId?: number): KeptCheck {
    for (const [id, kept] of this.byId) if (kept.tabId === tabId || id === checkId) this.byId.delete(id);
    const kept: KeptCheck = { checkId, fileName, tabId, run, groups: new Map(groupFindings(run.result.findings).map((g) => [g.rule, g])) };
    this.byId.set(checkId, kept);
    while (this.byId.size > this.limit) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    return kept;
  }

  get(checkId: string): KeptCheck | undefined {
    return this.byId.get(checkId);
  }

  /** What the upload slot records for a kept check: taken from the background's copy, never round-tripped through the page. */
  slotRequestFor(checkId: string): SlotRequest | undefined {
    const kept = this.byId.get(checkId);
    if (!kept) return undefined;
    const { run } = kept;
    return {
      fileName: kept.fileName,
      fingerprint: run.fingerprint,
      rowCount: run.result.summary.rows,
      header: run.table.header,
      localIds: run.localIds,
      predictedUpdateLocalIds: run.predictedUpdateLocalIds,
      // The predicted updates' row hashes and the other rows' keys: how later files repeating these rows are recognised.
      ...predictedRows(run.table, run.columns, run.predictedUpdateLocalIds, run.rowHashes),
      ...(run.predictedDuplicates?.length ? { predictedDuplicates: run.predictedDuplicates } : {}),
    };
  }
}
