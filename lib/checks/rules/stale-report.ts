import type { ReportMeta } from '../../portal/mailbox';
import { plural } from '../describe';
import type { Rule } from '../rule';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A cached report older than the configured age: accounts created or changed since are not in it.
 * Only the reports of the organisations this file's rows matched are considered (all, when none matched).
 *
 * A warning, unless the file would create accounts: then it holds Upload. Whether a new row's person
 * already has an account (a starter created since the report, say) is exactly what an old report cannot
 * tell, and the portal would create a second one. A fresh report answers it.
 */
export const staleReportRule: Readonly<Rule> = {
  id: 'stale-report',
  run(input, emit) {
    const { reports, settings, now } = input.ctx;
    const orgs = new Set<string>();
    const updates = input.groups.updates;
    for (let i = 0; i < updates.length; i++) {
      const target = updates[i]!.target;
      if (target) orgs.add(target.orgId);
    }
    const creates = input.groups.creates.length;
    const relevant = orgs.size > 0 ? reports.filter((m) => orgs.has(m.orgId)) : reports;
    for (const report of relevant) {
      const days = reportAgeDays(report, now);
      if (days <= settings.staleReportDays) continue;
      const shown = Math.floor(days);
      const age = `The Mailbox Report for ${report.orgLabel || report.orgId} is ${shown} day${shown === 1 ? '' : 's'} old (CSV Guard treats reports older than ${settings.staleReportDays} days as out of date).`;
      emit(
        creates > 0
          ? {
              rule: 'stale-report',
              severity: 'block',
              line: 0,
              message: `${age} ${plural(creates, 'row')} of this file would create a new account, and an account created since the report (a recent starter, say) is not in it: CSV Guard cannot tell whether ${creates === 1 ? 'this person already has' : 'these people already have'} an account, and the portal would create a second one.`,
              fix: 'Download a fresh Mailbox Report from the portal, import it into CSV Guard, then check this file again.',
            }
          : {
              rule: 'stale-report',
              severity: 'warn',
              line: 0,
              message: `${age} Accounts created or changed since then are not in it, so the local ID checks cannot be fully trusted.`,
              fix: 'Download a fresh Mailbox Report from the portal, import it into CSV Guard, then check this file again.',
            },
      );
    }
  },
};

/** Age of a report in days, from when the portal generated it, or else when it was imported. */
export function reportAgeDays(report: ReportMeta, now: number): number {
  return Math.max(0, (now - (report.generatedAt ?? report.importedAt)) / DAY_MS);
}
