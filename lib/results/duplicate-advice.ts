import type { ExistingAccount } from '../submissions/types';

/**
 * What to do about a duplicate account, naming which one to keep. The portal's rule is one NHSmail
 * account per person: the existing account holds the person's mail, calendar and history, so it is the
 * one to keep; the account the upload created is the one to remove.
 */
export function duplicateNextStep(row: { name: string; localId: string }, existing: ExistingAccount | undefined): string {
  const who = row.name || 'this person';
  if (!existing) {
    return `Find the account ${who} already had in the portal (search by name) and keep it: it holds their mail and history. Remove the new account this row created (NHSmail allows one account per person), then put the existing account's local ID in your file so the next upload updates it.`;
  }
  const id = row.localId ? ` and give it local ID ${row.localId}` : '';
  const hasId = existing.localId ? ` (local ID ${existing.localId})` : ' (it has no local ID in the report)';
  return `Keep ${existing.email}${hasId}: it is the account ${who} already had, with their mail and history. Remove the new account this row created (NHSmail allows one account per person)${id ? `, then check ${existing.email} in the portal${id}` : ''}, so the next upload updates it instead of creating another.`;
}
