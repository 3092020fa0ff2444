import { plural } from '../describe';
import type { Rule } from '../rule';

/** Passwords cannot be changed by CSV update, and a file full of them is a risk. */
export const passwordColumnRule: Readonly<Rule> = {
  id: 'password-column',
  run(input, emit) {
    const index = input.ctx.columns.password;
    if (index === undefined) return;
    const column = input.ctx.table.header[index] ?? 'Password';
    let filled = 0;
    const rows = input.rows;
    for (let i = 0; i < rows.length; i++) if ((rows[i]!.row.values[index] ?? '').trim() !== '') filled++;
    emit(
      filled > 0
        ? {
            rule: 'password-column',
            severity: 'warn',
            line: input.headerLine,
            column,
            message: `The "${column}" column has passwords on ${plural(filled, 'row')}. Passwords cannot be changed by a CSV update, and keeping them in a file is a security risk.`,
            fix: 'Download the file without the password column, upload that, and delete the copy with passwords.',
          }
        : {
            rule: 'password-column',
            severity: 'info',
            line: input.headerLine,
            column,
            message: `The "${column}" column is empty. Passwords cannot be changed by a CSV update, so the column is not needed.`,
            fix: 'Download the file without the password column and upload that.',
          },
    );
  },
};
