import { headerKey } from '../portal/normalize';
import { compareHeader } from '../portal/template-check';
import type { ColumnFix, PlannedColumn } from './types';

/**
 * Headings renamed to the portal's sample file's spelling and put in its order, but only when the
 * mapping is certain: the template is the one read from the portal itself (the bundled one is a best
 * guess), and the file has exactly the template's columns, each once, in some order or spelling.
 */
export const headerFix: Readonly<ColumnFix> = {
  kind: 'header',
  apply(plan, input) {
    const { template } = input;
    if (template.source !== 'learnt') return;
    const headings = plan.columns.map((c) => c.heading);
    const cmp = compareHeader(headings, template);
    if (cmp.exact || cmp.mailboxReport || cmp.missing.length > 0 || cmp.unknown.length > 0 || cmp.duplicated.length > 0) return;
    if (headings.length !== template.header.length) return;
    const byKey = new Map(plan.columns.map((c) => [headerKey(c.heading), c] as const));
    const ordered: PlannedColumn[] = [];
    for (const expected of template.header) {
      const column = byKey.get(headerKey(expected));
      if (!column) return; // not certain after all
      if (column.heading !== expected) {
        plan.changes.push({
          line: input.headerLine,
          column: input.header[column.source] ?? column.heading,
          old: column.heading,
          new: expected,
          why: "renamed to the portal's sample file's heading",
          kinds: ['header'],
        });
      }
      ordered.push({ source: column.source, heading: expected });
    }
    if (cmp.reordered) {
      plan.changes.push({
        line: input.headerLine,
        column: '',
        old: headings.join(', '),
        new: template.header.join(', '),
        why: "columns put in the portal's sample file's order (each column keeps its values)",
        kinds: ['header'],
      });
    }
    plan.columns = ordered;
  },
};
