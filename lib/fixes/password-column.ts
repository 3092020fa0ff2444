import { roleOfHeader } from '../portal/columns';
import type { ColumnFix } from './types';

/** Passwords cannot be changed by a CSV update, and a file of them is a risk: the column goes. */
export const passwordColumnFix: Readonly<ColumnFix> = {
  kind: 'password-column',
  apply(plan, input) {
    const drop = new Set<number>();
    if (input.columns.password !== undefined) drop.add(input.columns.password);
    input.header.forEach((h, i) => {
      if (roleOfHeader(h) === 'password') drop.add(i);
    });
    // A file of nothing but passwords keeps its column: there would be nothing left to upload.
    if (drop.size === 0 || drop.size >= plan.columns.length) return;
    for (const index of drop) {
      let filled = 0;
      for (const v of input.valuesOf(index)) if (v.trim() !== '') filled++;
      const heading = input.header[index] ?? '';
      plan.changes.push({
        line: input.headerLine,
        column: heading,
        old: heading,
        new: '',
        why: `passwords cannot be changed by a CSV update, so the column was removed${filled > 0 ? ` with the ${filled} password${filled === 1 ? '' : 's'} in it` : ' (it was empty)'}`,
        kinds: ['password-column'],
      });
    }
    plan.columns = plan.columns.filter((c) => !drop.has(c.source));
  },
};
