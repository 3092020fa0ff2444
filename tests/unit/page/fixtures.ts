import type { Finding } from '../../../lib/checks/types';
import type { CheckReport, FindingGroupPreview } from '../../../lib/messaging/checks-protocol';
import { groupFindings, previewGroups } from '../../../lib/background/finding-groups';
import { risksOf } from '../../../lib/checks/risks';
import { INITIAL_STATE, type GuardState } from '../../../lib/page/guard-state';

/** A CheckReport as the background would send it, with sensible defaults. */
export function makeReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    checkId: 'check-1',
    fileName: 'updates.csv',
    fingerprint: 'abc123',
    header: ['ID', 'ExternalSyncID', 'FirstName', 'LastName'],
    summary: { rows: 3, predictedUpdates: 3, predictedNewAccounts: 0, blockedRows: 0, byRule: {} },
    groups: [],
    risks: [],
    notes: [],
    freshness: {
      reports: [
        { orgId: 'rxx', orgLabel: 'Test Trust', fileName: 'Mailbox Report.csv', importedAt: 0, rowCount: 10, rowsWithoutLocalId: 0, columns: [] },
      ],
      oldestAgeDays: 1,
      stale: false,
    },
    exports: [],
    ...overrides,
  };
}

/** The reply's groups for these findings, as the background would trim them. */
export function groupsOf(findings: readonly Finding[]): FindingGroupPreview[] {
  return previewGroups(groupFindings(findings));
}

export const DUPLICATE_FINDING: Finding = {
  rule: 'probable-duplicate',
  severity: 'block',
  line: 3,
  column: 'ExternalSyncID',
  localId: 'OLD123',
  message: 'Local ID OLD123 is not in the Mailbox Report, but Aisha Patel already has an account.',
  fix: 'Use local ID RXX000002, or remove the row.',
  related: [{ email: 'aisha.patel2@nhs.net', localId: 'RXX000002', displayName: 'Aisha Patel', status: 'Active' }],
};

/** A report whose row 3 would create a duplicate account. */
export function blockingReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return makeReport({
    summary: { rows: 3, predictedUpdates: 2, predictedNewAccounts: 1, blockedRows: 1, byRule: { 'probable-duplicate': 1 } },
    groups: groupsOf([DUPLICATE_FINDING]),
    risks: risksOf([DUPLICATE_FINDING]),
    ...overrides,
  });
}

export function stateWith(overrides: Partial<GuardState> = {}): GuardState {
  return { ...INITIAL_STATE, recognised: 'yes', ...overrides };
}
