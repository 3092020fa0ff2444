import { cell, type ColumnRole } from '../../portal/columns';
import { isBlank, stripInvisible } from '../../portal/normalize';
import { shown } from '../describe';
import type { Rule } from '../rule';
import type { RowAnalysis } from '../row-analysis';
import type { Finding, Severity } from '../types';

/** A practical email check: one @, no spaces, a dotted domain. The portal will reject anything less. */
const EMAIL = /^[^\s@",;:<>()[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * EMAIL for an address whose first part is ASCII (the usual case): the same pattern, its first part's
 * characters also below U+007F. A file with any character beyond U+00FF is held as two-byte text, and in
 * that form EMAIL's class of Unicode's spaces is slow to test each character against: in a Chromium page,
 * 50,000 addresses took 29.9 ms with EMAIL and 4.3 ms with this (9.0 and 7.8 ms in one-byte text).
 */
const ASCII_EMAIL = /^[^\s\x7f-\uffff@",;:<>()[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Whether EMAIL accepts `email`: what ASCII_EMAIL accepts, EMAIL does too, so only the rest needs EMAIL. */
export function isEmail(email: string): boolean {
  return ASCII_EMAIL.test(email) || EMAIL.test(email);
}

/**
 * Values the portal will reject (block) or may well reject (warn), naming the column and the
 * expected form: email syntax, UK mobile numbers, empty first or last names.
 */
export const invalidFieldRule: Readonly<Rule> = {
  id: 'invalid-field',
  run(input, emit) {
    const { columns } = input.ctx;
    const emailCol = input.columnName('email');
    const mobileCol = input.columnName('mobile');
    const names: [ColumnRole, string | undefined][] = [
      ['firstName', input.columnName('firstName')],
      ['lastName', input.columnName('lastName')],
    ];
    // Over-long values, at most a few in a file, by row: found by the check's one pass over every cell.
    const long = input.cells.long;
    let nextLong = 0;
    for (let index = 0; index < input.rows.length; index++) {
      const r = input.rows[index]!;
      const v = r.row.values;
      const line = r.row.line;

      if (emailCol !== undefined) {
        // The row's email key is the cell itself when it has nothing to strip, trim or lower (the usual case).
        const written = cell(v, columns, 'email');
        const email = written === r.emailKey ? written : stripInvisible(written).trim();
        if (email && !isEmail(email)) {
          emit(
            finding(
              r,
              'block',
              emailCol,
              `The email address "${shown(email)}" on line ${line} (${emailCol}) is not a valid email address.`,
              `Correct it to the form name@nhs.net, or clear the cell.`,
            ),
          );
        }
      }

      if (mobileCol !== undefined) {
        const mobile = cell(v, columns, 'mobile').trim();
        const problem = mobile ? mobileProblem(mobile, r.mobileKey) : undefined;
        if (problem)
          emit(
            finding(
              r,
              problem.severity,
              mobileCol,
              `The mobile number "${shown(mobile)}" on line ${line} (${mobileCol}) ${problem.what}`,
              problem.fix,
            ),
          );
      }

      for (; nextLong < long.length && long[nextLong]!.row === index; nextLong++) {
        const i = long[nextLong]!.column;
        const length = v[i]!.length;
        const column = input.ctx.table.header[i] ?? `column ${i + 1}`;
        emit(
          finding(
            r,
            'warn',
            column,
            `The ${shown(column)} value on line ${line} is ${length.toLocaleString('en-GB')} characters long. Portal fields are far shorter, so the portal will probably reject it.`,
            `Check the ${shown(column)} cell on line ${line}: it may hold text pasted by mistake.`,
          ),
        );
      }

      // Indexed, without destructuring: both step an iterator per row in code the JIT has not optimised yet.
      for (let n = 0; n < names.length; n++) {
        const role = names[n]![0];
        const column = names[n]![1];
        if (column === undefined) continue;
        if (isBlank(cell(v, columns, role))) {
          emit(
            finding(
              r,
              'block',
              column,
              `The ${column} on line ${line} is empty; every account needs a ${role === 'firstName' ? 'first' : 'last'} name.`,
              `Fill in the ${column} column on line ${line}.`,
            ),
          );
        }
      }
    }
  },
};

function finding(r: RowAnalysis, severity: Severity, column: string, message: string, fix: string): Finding {
  const f: Finding = { rule: 'invalid-field', severity, line: r.row.line, column, message, fix };
  if (r.localId) f.localId = r.localId;
  return f;
}

function mobileProblem(mobile: string, key: string): { severity: Severity; what: string; fix: string } | undefined {
  // The usual case, a UK mobile written from its 07: neither mistake below can start that way.
  if (key && mobile.startsWith('07')) return undefined;
  const compact = mobile.replace(/[\s().-]/g, '');
  if (!key) {
    if (/^\d(\.\d+)?e\+?\d+$/i.test(mobile.replace(/\s/g, ''))) {
      return {
        severity: 'block',
        what: 'has been turned into a number by Excel, so the digits are lost.',
        fix: 'Format the column as Text in Excel and type the full number again, e.g. 07700 900123.',
      };
    }
    return {
      severity: 'block',
      what: 'is not a UK mobile number. Account mobile numbers must be UK mobiles.',
      fix: 'Write it as 07xxx xxxxxx or +44 7xxx xxxxxx, or clear the cell.',
    };
  }
  if (/^(\+|00)?440/.test(compact)) {
    return {
      severity: 'warn',
      what: 'has both +44 and the leading 0, which is a common mistake.',
      fix: `Write it as ${key} or +44${key.slice(1)}.`,
    };
  }
  if (/^7\d{9}$/.test(compact)) {
    return {
      severity: 'warn',
      what: 'has lost its leading 0 (Excel drops it from numbers).',
      fix: `Write it as ${key}, and format the column as Text in Excel so the 0 is kept.`,
    };
  }
  return undefined;
}
