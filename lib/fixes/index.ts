import { headerFix } from './header';
import { invisibleFix } from './invisible';
import { localIdFix } from './local-id';
import { mobileFix } from './mobile';
import { ouFix } from './ou';
import { passwordColumnFix } from './password-column';
import { trimFix } from './trim';
import type { CellFix, ColumnFix, RowFix } from './types';

/**
 * Every fix CSV Guard makes on its own, in the order they run. Adding a fix means adding a file here.
 * Cell fixes first (they clean what row fixes match on), then row fixes (the local ID before the
 * organisational unit, which needs the matched account), then the heading row.
 */
export const CELL_FIXES: readonly CellFix[] = [invisibleFix, trimFix];
export const ROW_FIXES: readonly RowFix[] = [mobileFix, localIdFix, ouFix];
export const COLUMN_FIXES: readonly ColumnFix[] = [passwordColumnFix, headerFix];
