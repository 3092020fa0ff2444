import type { Rule } from '../rule';

/** Every check, in the order their findings are listed for the same line and severity. */
export const RULES: readonly Rule[] = [];
