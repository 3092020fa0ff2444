import { readCsv } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { runChecks, type CheckContext, type CheckResult } from '../../../lib/checks/engine';
import type { Finding, RuleId } from '../../../lib/checks/types';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox, MailboxStatus, ReportMeta } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import type { Submission } from '../../../lib/submissions/types';
import { generatePeople, uploadCsv, type Person } from '../../support/generate';

export const NOW = Date.UTC(2025, 2, 3, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

const STATUS: Record<string, MailboxStatus> = { Active: 'active', 'Active (Leaver)': 'leaver', Disabled: 'disabled', Pending: 'pending' };

/** A cached mailbox for a generated person, as the store would hold it. */
export function mailboxOf(p: Person, orgId = 'RXX', overrides: Partial<Mailbox> = {}): Mailbox {
  return {
    orgId,
    localId: p.localId,
    email: p.email,
    status: STATUS[p.status] ?? 'unknown',
    statusText: p.status,
    mailboxType: p.mailboxType,
    displayName: p.displayName,
    firstName: p.firstName,
    lastName: p.lastName,
    mobile: p.mobile,
    jobTitle: p.jobTitle,
    ou: p.ou,
    extra: { MFAStatus: 'Enabled' },
    ...overrides,
  };
}

export function reportMeta(orgId = 'RXX', ageDays = 1, rowCount = 0): ReportMeta {
  return {
    orgId,
    orgLabel: `Trust ${orgId}`,
    fileName: 'Mailbox Report.csv',
    importedAt: NOW - ageDays * DAY,
    rowCount,
    rowsWithoutLocalId: 0,
    columns: [],
  };
}

/** Active people (no leavers) so tests control status explicitly. */
export function people(count: number, seed = 3): Person[] {
  return generatePeople(count, seed).map((p) => ({ ...p, status: 'Active' }));
}

export function table(text: string, fileName = 'users.csv'): CsvTable {
  const result = readCsv({ text, encoding: 'utf-8' }, fileName);
  if (!result.ok) throw new Error(result.error.message);
  return result.table;
}

export interface CheckOptions {
  mailboxes?: Mailbox[];
  reports?: ReportMeta[];
  submissions?: Submission[];
  batchSize?: number;
  staleReportDays?: number;
  template?: CheckContext['template'];
}

/** Check an upload text against mailboxes (by default: everyone in `known`, one fresh report). */
export function check(text: string, known: readonly Person[], options: CheckOptions = {}): CheckResult {
  const t = table(text);
  const mailboxes = options.mailboxes ?? known.map((p) => mailboxOf(p));
  return runChecks({
    table: t,
    template: options.template ?? BUNDLED_TEMPLATE,
    columns: resolveUploadColumns(t.header),
    mailboxes: buildMailboxIndex(mailboxes),
    reports: options.reports ?? [reportMeta('RXX', 1, mailboxes.length)],
    settings: { batchSize: options.batchSize ?? 500, staleReportDays: options.staleReportDays ?? 7 },
    submissions: options.submissions ?? [],
    now: NOW,
  });
}

export function byRule(result: CheckResult, rule: RuleId): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

export { uploadCsv };
