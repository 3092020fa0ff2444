import { nameList, plural, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * No cached Mailbox Report, or none for this file's organisation (not one of its local IDs is known):
 * the local ID checks cannot be trusted.
 */
export const noReportRule: Readonly<Rule> = {
  id: 'no-report',
  run(input, emit) {
    const { reports } = input.ctx;
    const fix =
      'On the portal, run Reports → Admin Reports → Mailbox Report for this organisation, download it, import it into CSV Guard, then check this file again.';
    if (!input.reportsAvailable) {
      emit({
        rule: 'no-report',
        severity: 'warn',
        line: 0,
        message:
          'No Mailbox Report has been imported, so CSV Guard cannot check the local IDs against your current accounts. Rows with a wrong or out-of-date local ID would not be caught, and would create duplicate accounts.',
        fix,
      });
      return;
    }
    let withIds = 0;
    let known = 0;
    let example: { line: number; written: string; inReport: string } | undefined;
    for (const r of input.rows) {
      if (!r.localIdKey) continue;
      if (r.sameLocalId.length > 0) return; // the file's organisation has a report
      withIds++;
      const person = r.duplicates.find((m) => m.localId);
      if (!person) continue;
      known++;
      if (!example || (!mangling(example.written, example.inReport) && mangling(r.localIdKey, person.localId))) {
        example = { line: r.row.line, written: r.localIdKey, inReport: person.localId };
      }
    }
    if (withIds === 0) return;
    const labels = reports.map((r) => r.orgLabel || r.orgId);
    const reportName = `the imported Mailbox Report${labels.length === 1 ? '' : 's'}${labels.length ? ` (${nameList(labels)})` : ''}`;
    if (example) {
      // The people are in the report under other local IDs: the IDs are wrong, not the report missing.
      const how = mangling(example.written, example.inReport);
      emit({
        rule: 'no-report',
        severity: 'warn',
        line: 0,
        message: `None of the ${plural(withIds, 'local ID')} in this file ${withIds === 1 ? 'is' : 'are'} in ${reportName}, but ${known === withIds ? (withIds === 1 ? 'the person is' : 'all of its people are') : `${known.toLocaleString('en-GB')} of its people ${known === 1 ? 'is' : 'are'}`} in it, with other local IDs: line ${example.line} has "${shown(example.written)}" where the report has "${shown(example.inReport)}". The local IDs in this file look wrong, rather than the report missing${how ? ` (${how})` : ''}. Every row would create a new account.`,
        fix: `Copy the local IDs again from the ExternalSyncID column of the Mailbox Report. In Excel, format the local ID column as Text before pasting, so that Excel does not change them (capital letters, leading zeros, long numbers). Then check this file again.`,
      });
      return;
    }
    emit({
      rule: 'no-report',
      severity: 'warn',
      line: 0,
      message: `None of the ${plural(withIds, 'local ID')} in this file ${withIds === 1 ? 'is' : 'are'} in ${reportName}. If this file is for another organisation, its report has not been imported, and the local ID checks cannot be trusted.`,
      fix,
    });
  },
};

/** How Excel (or a retyping) may have turned the report's local ID into the one written, if it looks so. */
function mangling(written: string, inReport: string): string | undefined {
  if (written.toLowerCase() === inReport.toLowerCase()) return 'the letters are in a different case';
  if (/^\d+$/.test(inReport) && /^\d+(\.\d+)?e\+?\d+$/i.test(written)) return 'Excel has turned them into numbers such as 1.23E+11';
  if (/^0+\d/.test(inReport) && inReport.replace(/^0+/, '') === written) return 'Excel has dropped their leading zeros';
  if (written.replace(/[\s-]/g, '').toLowerCase() === inReport.replace(/[\s-]/g, '').toLowerCase()) return 'spaces or hyphens differ';
  return undefined;
}
