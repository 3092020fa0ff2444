import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import { cell, type ColumnMap } from '../portal/columns';
import { personNameKeys } from './mailbox-index';
import { uploadKeysOf, type UploadKeys } from './upload-keys';

/**
 * Every key of an upload that the checks may look up, so the background fetches all the mailboxes it
 * needs in one round trip. Same key functions as the store's indexes. Keys are in row order, blanks
 * left out; a key the file repeats is repeated here: deduplicating 30,000 fresh strings in Sets cost
 * more than the lookup itself, and the store answers each mailbox once however often it is asked for.
 * `keys`: the rows' keys, when the caller has them already (uploadKeysOf).
 *
 * Note for stores: the checks use a name only together with a mobile (probable-duplicate), so every
 * mailbox that can match by name is also found by its mobile. A name key alone can hit hundreds of
 * namesakes in a large report: a store may skip name lookups (`nameKeys: false`, as the background
 * does), or keep only name hits whose mobile key is in `mobiles`, and the results are the same.
 */
export function lookupKeysFor(
  table: CsvTable,
  columns: ColumnMap,
  options: { nameKeys?: boolean } = {},
  keys: UploadKeys = uploadKeysOf(table, columns),
): LookupKeys {
  const nameKeys = (options.nameKeys ?? true) ? uploadNameKeys(table, columns) : [];
  return { localIds: nonBlank(keys.localIdKeys), emails: nonBlank(keys.emailKeys), nameKeys, mobiles: nonBlank(keys.mobileKeys) };
}

/** Every person-name key of an upload's rows, in row order (personNameKeys). */
export function uploadNameKeys(table: CsvTable, columns: ColumnMap): string[] {
  const nameKeys: string[] = [];
  for (const { values } of table.rows)
    for (const key of personNameKeys(cell(values, columns, 'firstName'), cell(values, columns, 'lastName'), cell(values, columns, 'displayName')))
      nameKeys.push(key);
  return nameKeys;
}

function nonBlank(keys: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < keys.length; i++) if (keys[i] !== '') kept.push(keys[i]!);
  return kept;
}
