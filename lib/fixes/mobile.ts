import { mobileKey } from '../portal/normalize';
import type { RowFix } from './types';

/**
 * A UK mobile in a recognised wrong form: "+44 07700 900123" (both +44 and the leading 0) or
 * "7700900123" (the 0 Excel drops). Rewritten as "07700 900123": one accepted form, and with its
 * space Excel keeps it as text, so the 0 survives the next save. Anything else is left to the checks.
 */
export const mobileFix: Readonly<RowFix> = {
  kind: 'mobile',
  apply(row, input, set) {
    const index = input.columns.mobile;
    if (index === undefined) return;
    const value = row.values[index] ?? '';
    const key = mobileKey(value);
    if (!key) return;
    const compact = value.replace(/[\s().-]/g, '');
    const doubled = /^(\+|00)?440/.test(compact);
    const lostZero = /^7\d{9}$/.test(compact);
    if (!doubled && !lostZero) return;
    set(index, `${key.slice(0, 5)} ${key.slice(5)}`, doubled ? 'the number had both +44 and the leading 0' : 'the number had lost its leading 0');
  },
};
