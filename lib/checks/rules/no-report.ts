import { nameList, plural } from '../describe';
import type { Rule } from '../rule';

/**
 * No cached Mailbox Report, or none for this file's organisation (not one of its local IDs is known):
 * the local ID checks cannot be trusted.
 */
export const noReportRule: Rule = {
  id: 'no-report',
  run(input, emit) {
    const { reports } = input.ctx;
    const fix = 'On the portal, run Reports → Admin Reports → Mailbox Report for this organisation, download it, import it into CSV Guard, then check this file again.';
    if (!input.reportsAvailable) {
      emit({
        rule: 'no-report',
        severity: 'warn',
        line: 0,
        message: 'No Mailbox Report has been imported, so CSV Guard cannot check the local IDs against your current accounts. Rows with a wrong or out-of-date local ID would not be caught, and would create duplicate accounts.',
        fix,
      });
      return;
    }
    let withIds = 0;
    for (const r of input.rows) {
      if (!r.localIdKey) continue;
      if (r.sameLocalId.length > 0) return; // the file's organisation has a report
      withIds++;
    }
    if (withIds === 0) return;
    const labels = reports.map((r) => r.orgLabel || r.orgId);
    emit({
      rule: 'no-report',
      severity: 'warn',
      line: 0,
      message: `None of the ${plural(withIds, 'local ID')} in this file ${withIds === 1 ? 'is' : 'are'} in the imported Mailbox Report${labels.length === 1 ? '' : 's'}${labels.length ? ` (${nameList(labels)})` : ''}. If this file is for another organisation, its report has not been imported, and the local ID checks cannot be trusted.`,
      fix,
    });
  },
};
