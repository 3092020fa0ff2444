import type { CsvTable } from '../csv/types';
import { cell, type ColumnMap } from '../portal/columns';
import { displayNameKey, emailKey, localIdKey, mobileKey, nameKey } from '../portal/normalize';
import { fingerprintRows, type RowHashes } from './fingerprint';
import type { SubmittedCreate } from './types';

/** The keys that recognise one row of an upload again: the same keys the duplicate rules match by. */
export interface RowKeys {
  localId: string;
  email: string;
  name: string;
  mobile: string;
  /** nameKey + '#' + mobileKey, or '' unless the row has both. */
  nameMobile: string;
}

/** The name-and-mobile key of a row with both (RowKeys.nameMobile), else ''. */
export function nameMobileKey(name: string, mobile: string): string {
  return name && mobile ? `${name}#${mobile}` : '';
}

/** The mobile key a name-and-mobile key was made with (mobile keys hold no '#'). */
export function mobileOfNameMobile(key: string): string {
  return key.slice(key.lastIndexOf('#') + 1);
}

export function rowKeys(values: readonly string[], columns: ColumnMap): RowKeys {
  const name = nameKey(cell(values, columns, 'firstName'), cell(values, columns, 'lastName')) || displayNameKey(cell(values, columns, 'displayName'));
  const mobile = mobileKey(cell(values, columns, 'mobile'));
  return {
    localId: localIdKey(cell(values, columns, 'localId')),
    email: emailKey(cell(values, columns, 'email')),
    name,
    mobile,
    nameMobile: nameMobileKey(name, mobile),
  };
}

/** fingerprintRows of one row: the same row whatever its delimiter, quoting or surrounding spaces. */
export function rowHash(values: readonly string[]): string {
  return fingerprintRows([values]);
}

/**
 * What a submission records of its rows besides their local IDs, split by the check's prediction in one pass:
 * - `predictedUpdateRowHashes`: the rowHash of each row predicted as an update, so that a later row for
 *   one of these accounts with other values is seen as a new change, not a repeat;
 * - `predictedCreates`: every other row with the keys that recognise it again, so that a later file
 *   repeating it is recognised even where the local ID is blank (the typical new starter).
 * `hashes`: the check's own row hashes (fingerprintTable), when it has them.
 */
export function predictedRows(
  table: CsvTable,
  columns: ColumnMap,
  predictedUpdateLocalIds: readonly string[],
  hashes?: RowHashes,
): { predictedUpdateRowHashes: string[]; predictedCreates: SubmittedCreate[] } {
  const updates = new Set(predictedUpdateLocalIds.map(localIdKey));
  const updateHashes: string[] = [];
  const creates: SubmittedCreate[] = [];
  const rows = table.rows;
  for (let index = 0; index < rows.length; index++) {
    const values = rows[index]!.values;
    // The local ID first: most rows of an update file are updates, and their other keys (the name key
    // costs the most) are not needed.
    const localId = localIdKey(cell(values, columns, 'localId'));
    if (localId && updates.has(localId)) {
      updateHashes.push(hashes ? hashes.get(index) : rowHash(values));
      continue;
    }
    const keys = rowKeys(values, columns);
    creates.push({
      rowHash: hashes ? hashes.get(index) : rowHash(values),
      ...(keys.localId ? { localId: keys.localId } : {}),
      ...(keys.email ? { email: keys.email } : {}),
      ...(keys.nameMobile ? { nameMobile: keys.nameMobile } : {}),
    });
  }
  return { predictedUpdateRowHashes: updateHashes, predictedCreates: creates };
}
