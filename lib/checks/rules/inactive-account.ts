import type { MailboxStatus } from '../../portal/mailbox';
import { describeMailbox, relatedMailbox, shown } from '../describe';
import type { Rule } from '../rule';

/** The account the row updates is not Active: leavers, disabled, deleted, still pending… */
export const inactiveAccountRule: Readonly<Rule> = {
  id: 'inactive-account',
  run(input, emit) {
    const updates = input.groups.updates;
    for (let i = 0; i < updates.length; i++) {
      const r = updates[i]!;
      const m = r.target;
      if (!m || r.wrongPerson || m.status === 'active') continue;
      const text = m.statusText.trim();
      if (m.status === 'unknown' && (!text || /^active$/i.test(text))) continue;
      emit({
        rule: 'inactive-account',
        severity: 'warn',
        line: r.row.line,
        localId: r.localId,
        message: `Line ${r.row.line} updates ${describeMailbox(m)}, whose status in the Mailbox Report is "${shown(text || m.status)}", not Active.`,
        fix: FIX[m.status] ?? 'Check on the portal that you mean to update this account before uploading.',
        related: [relatedMailbox(m)],
      });
    }
  },
};

const WAIT = 'Leave this account alone until it is Active (a new account can stay Pending for 1 to 24 hours): remove the row and update it later.';
const FIX: Readonly<Partial<Record<MailboxStatus, string>>> = {
  pending: WAIT,
  'migration-pending': WAIT,
  enabling: WAIT,
  restoring: WAIT,
  disabling: 'The account is being disabled. Check that you mean to update it; otherwise remove the row.',
  deleting: 'The account is being deleted. Remove the row unless you mean to stop that.',
  leaver:
    "This person is marked as a leaver. Check that you mean to update them; if they have joined again, follow the portal's process for rejoiners instead.",
  inactive: 'Check on the portal that you mean to update an inactive account; otherwise remove the row.',
  disabled: 'Check on the portal that you mean to update a disabled account; otherwise remove the row.',
  locked: 'Check on the portal why the account is locked before updating it.',
  deleted: 'The account is deleted. Remove the row unless you mean to restore the account on the portal first.',
  'deleted-permanent': 'The account is permanently deleted and cannot be updated. Remove the row.',
};
