import { invisibleCharNames, stripInvisible } from '../portal/normalize';
import type { CellFix } from './types';

/** Zero-width and bidi control characters: never meant, and they make two IDs look equal when they are not. */
export const invisibleFix: Readonly<CellFix> = {
  kind: 'invisible',
  apply(value) {
    const stripped = stripInvisible(value);
    if (stripped === value) return undefined;
    return { value: stripped, why: `removed invisible characters (${invisibleCharNames(value).join(', ')})` };
  },
};
