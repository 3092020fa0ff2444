import type { Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, localIdKey, mobileKey, nameKey } from '../portal/normalize';

/**
 * Cached mailboxes by every key the checks look up. Keys are the normalize.ts forms, the same ones
 * the store indexes in IndexedDB. Several mailboxes may share a key (two organisations, two people
 * with the same name), so every entry is a list.
 */
export interface MailboxIndex {
  byLocalId: Map<string, Mailbox[]>;
  byEmail: Map<string, Mailbox[]>;
  byName: Map<string, Mailbox[]>;
  byMobile: Map<string, Mailbox[]>;
  size: number;
}

/** The person-name key of a mailbox: first and last name, or else its display name. */
export function mailboxNameKey(m: Mailbox): string {
  return nameKey(m.firstName, m.lastName) || displayNameKey(m.displayName);
}

export function buildMailboxIndex(mailboxes: Mailbox[]): MailboxIndex {
  const index: MailboxIndex = { byLocalId: new Map(), byEmail: new Map(), byName: new Map(), byMobile: new Map(), size: mailboxes.length };
  for (const m of mailboxes) {
    add(index.byLocalId, localIdKey(m.localId), m);
    add(index.byEmail, emailKey(m.email), m);
    add(index.byName, mailboxNameKey(m), m);
    add(index.byMobile, mobileKey(m.mobile), m);
  }
  return index;
}

function add(map: Map<string, Mailbox[]>, key: string, m: Mailbox): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(m);
  else map.set(key, [m]);
}

export const EMPTY_MAILBOX_INDEX: Readonly<MailboxIndex> = buildMailboxIndex([]);
