import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import { cell, type ColumnMap } from '../portal/columns';
import { emailKey, localIdKey, mobileKey } from '../portal/normalize';
import { personNameKeys } from './mailbox-index';

/**
 * Every key of an upload that the checks may look up, deduplicated, so the background fetches all
 * the mailboxes it needs from IndexedDB in one round trip. Same key functions as the store's indexes.
 *
 * Note for stores: the checks use a name only together with a mobile (probable-duplicate), so every
 * mailbox that can match by name is also found by its mobile. A name key alone can hit hundreds of
 * namesakes in a large report: a store may skip name lookups (`nameKeys: false`, as the background
 * does), or keep only name hits whose mobile key is in `mobiles`, and the results are the same.
 */
export function lookupKeysFor(table: CsvTable, columns: ColumnMap, options: { nameKeys?: boolean } = {}): LookupKeys {
  const withNames = options.nameKeys ?? true;
  const localIds = new Set<string>();
  const emails = new Set<string>();
  const nameKeys = new Set<string>();
  const mobiles = new Set<string>();
  for (const { values } of table.rows) {
    addKey(localIds, localIdKey(cell(values, columns, 'localId')));
    addKey(emails, emailKey(cell(values, columns, 'email')));
    if (withNames)
      for (const key of personNameKeys(cell(values, columns, 'firstName'), cell(values, columns, 'lastName'), cell(values, columns, 'displayName')))
        nameKeys.add(key);
    addKey(mobiles, mobileKey(cell(values, columns, 'mobile')));
  }
  return { localIds: [...localIds], emails: [...emails], nameKeys: [...nameKeys], mobiles: [...mobiles] };
}

function addKey(set: Set<string>, key: string): void {
  if (key) set.add(key);
}
