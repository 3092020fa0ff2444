import { z } from 'zod';
import type { CsvTable } from '../csv/types';
import type { Mailbox } from './mailbox';
import { headerKey, localIdKey } from './normalize';
import { normalizeStatus } from './status';

/**
 * Reading the portal's Mailbox Report (Reports → Admin Reports → Mailbox Report).
 * Only an email column and the local ID column (ExternalSyncID) are required; header names are
 * matched without case, spaces or punctuation, and every other column is kept in `extra`.
 */

/** Known names of each column, as `headerKey` sees them. */
const COLUMN_ALIASES = {
  email: ['emailaddress', 'email', 'primarysmtpaddress', 'primarysmtp', 'primaryemailaddress', 'primaryemail', 'smtpaddress', 'mail'],
  localId: ['externalsyncid', 'externalsyncidentifier', 'localid', 'localuniqueidentifier', 'localidentifier'],
  status: ['status', 'accountstatus', 'mailboxstatus', 'userstatus'],
  mailboxType: ['mailboxtype', 'recipienttype', 'recipienttypedetails', 'accounttype'],
  displayName: ['displayname', 'fullname', 'name'],
  firstName: ['firstname', 'givenname', 'forename', 'forenames'],
  lastName: ['lastname', 'surname', 'familyname'],
  mobile: ['mobile', 'mobilenumber', 'mobilephone', 'mobilephonenumber', 'mobiletelephone', 'mobiletelephonenumber'],
  jobTitle: ['jobtitle'],
  ou: ['ou', 'organisationalunit', 'organizationalunit', 'organisationunit', 'orgunit'],
  generatedAt: [
    'generated',
    'generatedat',
    'generatedon',
    'generateddate',
    'dategenerated',
    'reportgenerated',
    'reportgeneratedat',
    'reportgeneratedon',
    'reportgenerateddate',
    'reportdate',
  ],
} as const satisfies Record<string, readonly string[]>;

type ColumnName = keyof typeof COLUMN_ALIASES;

/** Where each known column sits in the header; `undefined` when the report does not have it. */
export type ReportColumns = { [K in ColumnName]?: number };

/** How to turn one record of a particular report into a Mailbox; made once per file from its header. */
export interface MailboxReportPlan {
  /** The report's own header, as in the file. */
  columns: string[];
  positions: ReportColumns & { email: number; localId: number };
  /** Map one record (values in header order) to a Mailbox. Missing trailing values read as ''. */
  toMailbox(values: readonly string[], orgId: string): Mailbox;
  /** The generated date in a record, if the report has such a column and the value is a date. */
  generatedAtOf(values: readonly string[]): number | undefined;
}

export type MailboxReportResult =
  { ok: true; mailboxes: Mailbox[]; columns: string[]; rowsWithoutLocalId: number; generatedAt?: number } | { ok: false; error: string };

/** Report columns copied onto a Mailbox when present and non-empty (absent and '' mean the same). */
const OPTIONAL_FIELDS = ['mailboxType', 'displayName', 'firstName', 'lastName', 'mobile', 'jobTitle', 'ou'] as const satisfies readonly (ColumnName &
  keyof Mailbox)[];

function findColumns(header: readonly string[]): ReportColumns {
  const keys = header.map(headerKey);
  const found: ReportColumns = {};
  for (const [name, aliases] of Object.entries(COLUMN_ALIASES) as [ColumnName, readonly string[]][]) {
    // First alias wins over later ones (EmailAddress before Mail), and the first matching column in the file.
    for (const alias of aliases) {
      const index = keys.indexOf(alias);
      if (index >= 0) {
        found[name] = index;
        break;
      }
    }
  }
  return found;
}

/** An upload file starts with the portal's own `ID` column and has no report-only columns. */
function looksLikeUploadFile(header: readonly string[], columns: ReportColumns): boolean {
  return headerKey(header[0] ?? '') === 'id' && columns.status === undefined && columns.mailboxType === undefined;
}

function listColumns(header: readonly string[]): string {
  const shown = header
    .slice(0, 8)
    .map((h) => `“${h}”`)
    .join(', ');
  return header.length > 8 ? `${shown} and ${header.length - 8} more` : shown;
}

const WHERE_TO_GET_IT = 'Download it from the portal (Reports → Admin Reports → Mailbox Report) and choose that file.';

/**
 * The header check, as a zod schema: turns a header into column positions, or explains plainly why
 * this file is not a Mailbox Report.
 */
function headerSchema(fileName: string) {
  return z
    .array(z.string())
    .transform((header) => ({ header, columns: findColumns(header) }))
    .superRefine(({ header, columns }, ctx) => {
      const named = `“${fileName}”`;
      if (header.every((h) => h.trim() === '')) {
        ctx.addIssue({ code: 'custom', message: `${named} has no header row, so it is not a Mailbox Report. ${WHERE_TO_GET_IT}` });
      } else if (looksLikeUploadFile(header, columns)) {
        ctx.addIssue({
          code: 'custom',
          message: `${named} looks like a CSV upload file, not the Mailbox Report: it starts with an ID column and has no Status or MailboxType column. ${WHERE_TO_GET_IT}`,
        });
      } else if (columns.email === undefined || columns.localId === undefined) {
        const missing = [
          columns.email === undefined ? 'email column (EmailAddress)' : '',
          columns.localId === undefined ? 'local ID column (ExternalSyncID)' : '',
        ].filter(Boolean);
        ctx.addIssue({
          code: 'custom',
          message: `${named} is not a Mailbox Report CSV Guard can use: it has no ${missing.join(' and no ')}. Its columns are ${listColumns(header)}. ${WHERE_TO_GET_IT}`,
        });
      }
    })
    .transform(({ header, columns }) => ({ header, positions: columns as MailboxReportPlan['positions'] }));
}

/** True when this header has the columns of a Mailbox Report (and is not an upload file). */
export function looksLikeMailboxReport(header: string[]): boolean {
  return headerSchema('file').safeParse(header).success;
}

/**
 * Prepare to read a report with this header, record by record: lets an import map rows chunk by chunk.
 * `fileName` is only used to name the file in the error.
 */
export function planMailboxReport(header: readonly string[], fileName: string): { ok: true; plan: MailboxReportPlan } | { ok: false; error: string } {
  const checked = headerSchema(fileName).safeParse([...header]);
  if (!checked.success) return { ok: false, error: checked.error.issues[0]?.message ?? `“${fileName}” is not a Mailbox Report.` };
  const { positions } = checked.data;
  const columns = [...header];
  const known = new Set(Object.values(positions));
  const extraColumns = columns.map((name, index) => ({ name, index })).filter(({ index, name }) => !known.has(index) && name.trim() !== '');
  if (positions.generatedAt !== undefined) extraColumns.push({ name: columns[positions.generatedAt] ?? '', index: positions.generatedAt });

  const at = (values: readonly string[], index: number | undefined): string => (index === undefined ? '' : (values[index] ?? '').trim());
  const optional = (values: readonly string[], index: number | undefined): string | undefined => at(values, index) || undefined;

  const plan: MailboxReportPlan = {
    columns,
    positions,
    toMailbox(values, orgId) {
      const statusText = at(values, positions.status);
      const mailbox: Mailbox = {
        orgId,
        localId: localIdKey(values[positions.localId] ?? ''),
        email: at(values, positions.email),
        status: statusText ? normalizeStatus(statusText) : 'unknown',
        statusText,
        extra: {},
      };
      for (const field of OPTIONAL_FIELDS) {
        const value = optional(values, positions[field]);
        if (value) mailbox[field] = value;
      }
      // Empty extra values are left out: absent and '' mean the same, and 100,000 rows add up.
      for (const { name, index } of extraColumns) {
        const value = values[index];
        if (value !== undefined && value !== '') mailbox.extra[name] = value;
      }
      return mailbox;
    },
    generatedAtOf(values) {
      return positions.generatedAt === undefined ? undefined : parseReportDate(at(values, positions.generatedAt));
    },
  };
  return { ok: true, plan };
}

/** A record is blank when every value is empty (a trailing line, or a spreadsheet's empty row). */
export function isBlankRecord(values: readonly string[]): boolean {
  return values.every((v) => v.trim() === '');
}

/** Read a whole, already parsed report. Blank records are skipped; records without a local ID are kept and counted. */
export function parseMailboxReport(table: CsvTable, orgId: string): MailboxReportResult {
  const planned = planMailboxReport(table.header, table.fileName);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const mailboxes: Mailbox[] = [];
  let rowsWithoutLocalId = 0;
  let generatedAt: number | undefined;
  for (const row of table.rows) {
    if (isBlankRecord(row.values)) continue;
    const mailbox = plan.toMailbox(row.values, orgId);
    if (!mailbox.localId) rowsWithoutLocalId++;
    generatedAt ??= plan.generatedAtOf(row.values);
    mailboxes.push(mailbox);
  }
  return generatedAt === undefined
    ? { ok: true, mailboxes, columns: plan.columns, rowsWithoutLocalId }
    : { ok: true, mailboxes, columns: plan.columns, rowsWithoutLocalId, generatedAt };
}

const ISO_DATE = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?/;
const UK_DATE = /(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * A date as the portal might write it: ISO (`2025-03-12T14:05:00Z`) or UK (`12/03/2025 14:05`, local time).
 * Finds the date inside longer text such as "Report generated: 12/03/2025 14:05". Undefined when there is none.
 */
export function parseReportDate(text: string): number | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    if (zone) {
      const offset = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      const time = Date.parse(`${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${s}${offset}`);
      return Number.isNaN(time) ? undefined : time;
    }
    return localTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  }
  const uk = UK_DATE.exec(text);
  if (uk) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = uk;
    return localTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  }
  return undefined;
}

function localTime(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const date = new Date(y, mo - 1, d, h, mi, s);
  // Reject 31/02 and the like rather than rolling over into the next month.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date.getTime();
}
