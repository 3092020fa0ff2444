import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import { cell, type ColumnMap } from '../portal/columns';
import { emailKey, localIdKey, mobileKey } from '../portal/normalize';
import { personNameKeys } from './mailbox-index';

/**
 * Every key of an upload that the checks may look up, so the background fetches all the mailboxes it
 * needs in one round trip. Same key functions as the store's indexes. Keys are in row order, blanks
 * left out; a key the file repeats is repeated here: deduplicating 30,000 fresh strings in Sets cost
 * more than the lookup itself, and the store answers each mailbox once however often it is asked for.
 *
 * Note for stores: the checks use a name only together with a mobile (probable-duplicate), so every
 * mailbox that can match by name is also found by its mobile. A name key alone can hit hundreds of
 * namesakes in a large report: a store may skip name lookups (`nameKeys: false`, as the background
 * does), or keep only name hits whose mobile key is in `mobiles`, and the results are the same.
 */
export function lookupKeysFor(table: CsvTable, columns: ColumnMap, options: { nameKeys?: boolean } = {}): LookupKeys {
  const withNames = options.nameKeys ?? true;
  const keys: LookupKeys = { localIds: [], emails: [], nameKeys: [], mobiles: [] };
  const { localId, email, mobile } = columns;
  for (const { values } of table.rows) {
    if (localId !== undefined) addKey(keys.localIds, localIdKey(values[localId] ?? ''));
    if (email !== undefined) addKey(keys.emails, emailKey(values[email] ?? ''));
    if (withNames)
      for (const key of personNameKeys(cell(values, columns, 'firstName'), cell(values, columns, 'lastName'), cell(values, columns, 'displayName')))
        keys.nameKeys.push(key);
    if (mobile !== undefined) addKey(keys.mobiles, mobileKey(values[mobile]));
  }
  return keys;
}

function addKey(keys: string[], key: string): void {
  if (key) keys.push(key);
}
