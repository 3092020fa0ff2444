import type { CellFix } from './types';

/** Spaces (or line breaks) before or after a value: nobody means them, and the portal may keep them. */
export const trimFix: Readonly<CellFix> = {
  kind: 'trim',
  apply(value) {
    const trimmed = value.trim();
    if (trimmed === value) return undefined;
    return { value: trimmed, why: 'removed spaces before or after the value' };
  },
};
