import type { MailboxStatus } from './mailbox';
import { headerKey } from './normalize';

/** The portal's status texts (Types of Account Status), compared without case, spaces or brackets. */
const STATUS_BY_KEY: Readonly<Record<string, MailboxStatus>> = {
  active: 'active',
  inactive: 'inactive',
  activeleaver: 'leaver',
  leaver: 'leaver',
  locked: 'locked',
  deleted: 'deleted',
  deletedpermanent: 'deleted-permanent',
  permanentlydeleted: 'deleted-permanent',
  disabled: 'disabled',
  enabling: 'enabling',
  disabling: 'disabling',
  deleting: 'deleting',
  restoring: 'restoring',
  pending: 'pending',
  migrationpending: 'migration-pending',
};

/** "Active (Leaver)" → leaver, "MigrationPending" → migration-pending; anything we have not seen → unknown. */
export function normalizeStatus(text: string): MailboxStatus {
  return STATUS_BY_KEY[headerKey(text)] ?? 'unknown';
}
