import { roleOfHeader } from './columns';
import { headerKey } from './normalize';
import type { UploadTemplate } from './template';

/** How an upload's heading row differs from the template in force (compared by `headerKey`). */
export interface HeaderComparison {
  /** Template headings the file does not have. */
  missing: string[];
  /** File headings the template does not have, with their 0-based column index. */
  unknown: { heading: string; index: number }[];
  /** Headings that appear more than once, with every index. */
  duplicated: { heading: string; indexes: number[] }[];
  /** Same heading apart from case, spaces or punctuation, e.g. "First Name" for "FirstName". */
  respelt: { heading: string; expected: string; index: number }[];
  /** True when the template's headings that are present are not in the template's order. */
  reordered: boolean;
  /** True when the heading row equals the template exactly. */
  exact: boolean;
  /** The file is a Mailbox Report (Status, MailboxType, MFAStatus columns), not an upload. */
  mailboxReport: boolean;
}

/** Columns only a Mailbox Report has: an upload never carries account status. */
const REPORT_ONLY: ReadonlySet<string> = new Set(['mailboxtype', 'mfastatus', 'status', 'accountstatus', 'mailboxstatus', 'recipienttypedetails']);

export function compareHeader(header: readonly string[], template: UploadTemplate): HeaderComparison {
  const templateKeys = new Map<string, number>();
  template.header.forEach((h, i) => {
    const key = headerKey(h);
    if (!templateKeys.has(key)) templateKeys.set(key, i);
  });

  const seen = new Map<string, number[]>();
  const unknown: HeaderComparison['unknown'] = [];
  const respelt: HeaderComparison['respelt'] = [];
  const order: number[] = [];
  header.forEach((heading, index) => {
    const key = headerKey(heading);
    const indexes = seen.get(key);
    if (indexes) {
      indexes.push(index);
      return;
    }
    seen.set(key, [index]);
    const at = templateKeys.get(key);
    if (at === undefined) {
      unknown.push({ heading, index });
      return;
    }
    order.push(at);
    const expected = template.header[at] ?? '';
    if (heading !== expected) respelt.push({ heading, expected, index });
  });

  const missing = template.header.filter((h) => !seen.has(headerKey(h)));
  const duplicated = [...seen.entries()]
    .filter(([, indexes]) => indexes.length > 1)
    .map(([, indexes]) => ({ heading: header[indexes[0]!] ?? '', indexes }));
  let reordered = false;
  for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) reordered = true;

  const keys = new Set(seen.keys());
  const reportOnly = [...keys].filter((k) => REPORT_ONLY.has(k));
  const hasEmail = header.some((h) => roleOfHeader(h) === 'email');
  const mailboxReport = reportOnly.length > 0 && hasEmail && !keys.has('id') && !templateHasAny(template, reportOnly);

  const exact = header.length === template.header.length && header.every((h, i) => h === template.header[i]);
  return { missing, unknown, duplicated, respelt, reordered, exact, mailboxReport };
}

function templateHasAny(template: UploadTemplate, keys: string[]): boolean {
  return keys.some((k) => template.header.some((h) => headerKey(h) === k));
}

/** Whether a file heading names a password (handled by its own check, not as an unknown column). */
export function isPasswordHeading(heading: string): boolean {
  return roleOfHeader(heading) === 'password';
}
