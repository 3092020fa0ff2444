import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import type { ColumnMap } from '../portal/columns';
import { keyHash } from '../portal/key-hash';
import { emailKey, localIdKey, mobileKey } from '../portal/normalize';
import { HashedKeySet } from './hashed-key-set';

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
  /**
   * keyHash of each key above, made as the key is: the lookup and the search of earlier uploads compare
   * these numbers first, and read a key's text only when its hash matches (a check of 50,000 rows looks
   * up each key in several tables, and reading every key's text again each time cost more than hashing it).
   */
  readonly localIdHashes: Int32Array;
  readonly emailHashes: Int32Array;
  readonly mobileHashes: Int32Array;
  /**
   * For each row, the first row with the same local ID key (itself, for the first), or -1 without one:
   * the rules and the upload's record tell repeated local IDs apart by these numbers, not by a Set of texts each.
   */
  readonly localIdFirstRows: Int32Array;
}

/** Every row's keys (see UploadKeys): one pass over the rows, a few arrays, no object per row. */
export function uploadKeysOf(table: Pick<CsvTable, 'rows'>, columns: ColumnMap): UploadKeys {
  const rows = table.rows;
  const count = rows.length;
  const localIds = new Array<string>(count);
  const localIdKeys = new Array<string>(count);
  const emailKeys = new Array<string>(count);
  const mobileKeys = new Array<string>(count);
  const localIdHashes = new Int32Array(count);
  const emailHashes = new Int32Array(count);
  const mobileHashes = new Int32Array(count);
  const { localId: idAt, email: emailAt, mobile: mobileAt } = columns;
  for (let i = 0; i < count; i++) {
    const values = rows[i]!.values;
    const id = idAt === undefined ? '' : (values[idAt] ?? '').trim();
    localIds[i] = id;
    const idKey = id === '' ? '' : localIdKey(id);
    const email = emailAt === undefined ? '' : emailKey(values[emailAt] ?? '');
    const mobile = mobileAt === undefined ? '' : mobileKey(values[mobileAt]);
    localIdKeys[i] = idKey;
    emailKeys[i] = email;
    mobileKeys[i] = mobile;
    localIdHashes[i] = keyHash(idKey);
    emailHashes[i] = keyHash(email);
    mobileHashes[i] = keyHash(mobile);
  }
  return {
    localIds,
    localIdKeys,
    emailKeys,
    mobileKeys,
    localIdHashes,
    emailHashes,
    mobileHashes,
    localIdFirstRows: new HashedKeySet(localIdKeys, localIdHashes).firstIndexes,
  };
}

/**
 * The upload's keys as the store is asked for them, row-aligned ('' asks for nothing), without copying:
 * the lookup's answers (KeyMatches) are then row-aligned too. `nameKeys`: any name keys to ask as well.
 */
export function rowAlignedLookupKeys(keys: UploadKeys, nameKeys: readonly string[] = []): LookupKeys {
  return {
    localIds: keys.localIdKeys,
    emails: keys.emailKeys,
    nameKeys,
    mobiles: keys.mobileKeys,
    keyHashes: { localIds: keys.localIdHashes, emails: keys.emailHashes, mobiles: keys.mobileHashes },
  };
}
