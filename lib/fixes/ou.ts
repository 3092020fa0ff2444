import { analyseRow } from '../checks/row-analysis';
import type { RowFix } from './types';

/**
 * A CSV update cannot move a user to another organisational unit (that is Bulk Edit → Transfer):
 * put back the unit the matched account is in now. Only for a row that matches its account (not
 * someone else's), and only when the report says which unit that is.
 */
export const ouFix: Readonly<RowFix> = {
  kind: 'ou',
  apply(row, input, set) {
    const index = input.columns.ou;
    if (index === undefined) return;
    const analysis = analyseRow({ line: row.line, values: row.values }, input.columns, input.mailboxes, input.reportsAvailable);
    const target = analysis.target;
    const current = target?.ou?.trim();
    const wanted = (row.values[index] ?? '').trim();
    if (!target || analysis.wrongPerson || !current || !wanted || ouKey(current) === ouKey(wanted)) return;
    set(
      index,
      current,
      `a CSV update cannot move users between organisational units (use Bulk Edit → Transfer); ${target.email} is in "${current}" now`,
    );
  },
};

function ouKey(ou: string): string {
  return ou.toLowerCase().replace(/\s+/g, ' ');
}
