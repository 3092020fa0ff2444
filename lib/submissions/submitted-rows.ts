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

/** rowHash of every row of an upload that the check predicted as an update (see Submission.predictedUpdateRowHashes). `hashes`: the check's own (fingerprintTable), when it has them. */
export function predictedUpdateRowHashes(
  table: CsvTable,
  columns: ColumnMap,
  predictedUpdateLocalIds: readonly string[],
  hashes?: RowHashes,
): string[] {
  const updates = new Set(predictedUpdateLocalIds.map(localIdKey));
  const found: string[] = [];
  const rows = table.rows;
  for (let index = 0; index < rows.length; index++) {
    const values = rows[index]!.values;
    const localId = localIdKey(cell(values, columns, 'localId'));
    if (localId && updates.has(localId)) found.push(hashes ? hashes.get(index) : rowHash(values));
  }
  return found;
}

/**
 * The rows of an upload that the check did not predict as updates, kept with the submission so that a
 * later file repeating them is recognised even where the local ID is blank (the typical new starter).
 * `hashes`: the check's own row hashes (fingerprintTable), when it has them.
 */
export function predictedCreates(
  table: CsvTable,
  columns: ColumnMap,
  predictedUpdateLocalIds: readonly string[],
  hashes?: RowHashes,
): SubmittedCreate[] {
  const updates = new Set(predictedUpdateLocalIds.map(localIdKey));
  const creates: SubmittedCreate[] = [];
  const rows = table.rows;
  for (let index = 0; index < rows.length; index++) {
    const values = rows[index]!.values;
    // The local ID first: most rows of an update file are updates, and their other keys (the name key
    // costs the most) are not needed.
    const localId = localIdKey(cell(values, columns, 'localId'));
    if (localId && updates.has(localId)) continue;
    const keys = rowKeys(values, columns);
    creates.push({
      rowHash: hashes ? hashes.get(index) : rowHash(values),
      ...(keys.localId ? { localId: keys.localId } : {}),
      ...(keys.email ? { email: keys.email } : {}),
      ...(keys.nameMobile ? { nameMobile: keys.nameMobile } : {}),
    });
  }
  return creates;
}
