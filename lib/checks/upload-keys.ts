import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import type { ColumnMap } from '../portal/columns';
import { emailKey, localIdKey, mobileKey } from '../portal/normalize';

/**
 * Each row's identity keys in the normalize.ts forms, made once per check: the lookup asks the store
 * for them and the row analysis compares with them, so no key is normalised twice. Row-aligned
 * (index i is table.rows[i]); '' where the row has none or the file lacks the column.
 */
export interface UploadKeys {
  /** The local ID as written, trimmed ('' when blank). */
  readonly localIds: readonly string[];
  /** localIdKey of each local ID. */
  readonly localIdKeys: readonly string[];
  readonly emailKeys: readonly string[];
  readonly mobileKeys: readonly string[];
}

/** Every row's keys (see UploadKeys): one pass over the rows, four arrays, no object per row. */
export function uploadKeysOf(table: Pick<CsvTable, 'rows'>, columns: ColumnMap): UploadKeys {
  const rows = table.rows;
  const count = rows.length;
  const localIds = new Array<string>(count);
  const localIdKeys = new Array<string>(count);
  const emailKeys = new Array<string>(count);
  const mobileKeys = new Array<string>(count);
  const { localId: idAt, email: emailAt, mobile: mobileAt } = columns;
  for (let i = 0; i < count; i++) {
    const values = rows[i]!.values;
    const id = idAt === undefined ? '' : (values[idAt] ?? '').trim();
    localIds[i] = id;
    localIdKeys[i] = id === '' ? '' : localIdKey(id);
    emailKeys[i] = emailAt === undefined ? '' : emailKey(values[emailAt] ?? '');
    mobileKeys[i] = mobileAt === undefined ? '' : mobileKey(values[mobileAt]);
  }
  return { localIds, localIdKeys, emailKeys, mobileKeys };
}

/**
 * The upload's keys as the store is asked for them, row-aligned ('' asks for nothing), without copying:
 * the lookup's answers (KeyMatches) are then row-aligned too. `nameKeys`: any name keys to ask as well.
 */
export function rowAlignedLookupKeys(keys: UploadKeys, nameKeys: readonly string[] = []): LookupKeys {
  return { localIds: keys.localIdKeys, emails: keys.emailKeys, nameKeys, mobiles: keys.mobileKeys };
}
