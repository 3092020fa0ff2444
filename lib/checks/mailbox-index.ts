import type { LookupKeys } from '../messaging/reports-protocol';
import type { Mailbox } from '../portal/mailbox';
import { displayNameKeys, emailKey, localIdKey, mobileKey, nameKeys } from '../portal/normalize';
import type { SharedIdLookup } from './row-analysis';

/**
 * Cached mailboxes by every key the checks look up. Keys are the normalize.ts forms, the same ones
 * the store indexes in IndexedDB. Several mailboxes may share a key (two organisations, two people
 * with the same name), so every entry is a list, in the order the mailboxes were given.
 */
export interface MailboxIndex {
  readonly byLocalId: ReadonlyMap<string, readonly Mailbox[]>;
  readonly byEmail: ReadonlyMap<string, readonly Mailbox[]>;
  readonly byMobile: ReadonlyMap<string, readonly Mailbox[]>;
  readonly size: number;
  /** Built from the lists above on first use, shared by every row of the check, and gone with the index. */
  derived: DerivedLookups;
}

/** What the checks and fixes derive from an index's lists (see row-analysis.ts, fixes/local-id.ts). */
export interface DerivedLookups {
  /** Per local ID's mailbox list (a placeholder such as "N/A" can be on thousands). */
  sharedIdLookups: Map<readonly Mailbox[], SharedIdLookup>;
  /** Per mobile number's mailbox list: those mailboxes by each of their name keys. */
  byNameForMobile: Map<readonly Mailbox[], Map<string, Mailbox[]>>;
  /** Mailboxes by the portal's own ID, for reports that carry that column. */
  byPortalId?: Map<string, Mailbox[]>;
}

/** The person-name key of a mailbox: first and last name, or else its display name. */
export function mailboxNameKey(m: Mailbox): string {
  // nameKey || displayNameKey is always the first of the name keys: taken from there, it is computed once.
  return mailboxNameKeys(m)[0] ?? '';
}

/** A mailbox's keys in the normalize.ts forms: what the index files it under and rows are compared with. */
export interface MailboxKeys {
  readonly localId: string;
  readonly email: string;
  readonly mobile: string;
  /** Every key its name can be matched on (mailboxNameKeys); made on first use, as most mailboxes are never compared by name. */
  readonly names: readonly string[];
}

class KeysOfMailbox implements MailboxKeys {
  readonly localId: string;
  readonly email: string;
  readonly mobile: string;
  private nameKeys: readonly string[] | undefined;

  constructor(private readonly m: Mailbox) {
    this.localId = localIdKey(m.localId);
    this.email = emailKey(m.email);
    this.mobile = mobileKey(m.mobile);
  }

  get names(): readonly string[] {
    return (this.nameKeys ??= personNameKeys(this.m.firstName, this.m.lastName, this.m.displayName));
  }
}

/**
 * Computed once per mailbox: a mailbox is compared with many rows, and the worker's lookup cache hands
 * the same Mailbox objects to later checks. The one module-level memo lib/ keeps, because it is not
 * shared state: each entry is a pure function of its (read-only) mailbox, exactly what computing it
 * again gives, held weakly so it goes with the mailbox; no caller can see whether it was computed before.
 */
// eslint-disable-next-line no-restricted-syntax -- a pure memo of an immutable object, not a singleton (above)
const keysOfMailbox = new WeakMap<Mailbox, MailboxKeys>();

/** A mailbox's keys (see MailboxKeys), normalised once per mailbox. */
export function mailboxKeys(m: Mailbox): MailboxKeys {
  let keys = keysOfMailbox.get(m);
  if (!keys) {
    keys = new KeysOfMailbox(m);
    keysOfMailbox.set(m, keys);
  }
  return keys;
}

/** Every key a mailbox's name can be matched on (see nameKeys and displayNameKeys); the first is mailboxNameKey. */
export function mailboxNameKeys(m: Mailbox): readonly string[] {
  return mailboxKeys(m).names;
}

/** A person's name keys from first and last names, or else from the display name. */
export function personNameKeys(first: string | undefined, last: string | undefined, displayName: string | undefined): string[] {
  const keys = nameKeys(first, last);
  return keys.length > 0 ? keys : displayNameKeys(displayName);
}

/**
 * The mailboxes indexed by their keys. Each map is made when first read: a check whose lookup answered
 * row by row (KeyMatches) reads none of them, and the fixes and the remainder only the ones they need.
 */
export function buildMailboxIndex(mailboxes: readonly Mailbox[]): MailboxIndex {
  return new IndexOfMailboxes(mailboxes);
}

class IndexOfMailboxes implements MailboxIndex {
  readonly size: number;
  readonly derived: DerivedLookups = { sharedIdLookups: new Map(), byNameForMobile: new Map() };
  private localIds: Map<string, Mailbox[]> | undefined;
  private emails: Map<string, Mailbox[]> | undefined;
  private mobiles: Map<string, Mailbox[]> | undefined;

  constructor(private readonly mailboxes: readonly Mailbox[]) {
    this.size = mailboxes.length;
  }

  get byLocalId(): ReadonlyMap<string, readonly Mailbox[]> {
    return (this.localIds ??= this.byKey('localId'));
  }

  get byEmail(): ReadonlyMap<string, readonly Mailbox[]> {
    return (this.emails ??= this.byKey('email'));
  }

  get byMobile(): ReadonlyMap<string, readonly Mailbox[]> {
    return (this.mobiles ??= this.byKey('mobile'));
  }

  private byKey(kind: 'localId' | 'email' | 'mobile'): Map<string, Mailbox[]> {
    const map = new Map<string, Mailbox[]>();
    const mailboxes = this.mailboxes;
    for (let i = 0; i < mailboxes.length; i++) {
      const m = mailboxes[i]!;
      const key = mailboxKeys(m)[kind];
      if (!key) continue;
      const list = map.get(key);
      if (list) list.push(m);
      else map.set(key, [m]);
    }
    return map;
  }
}

/**
 * The mailboxes an upload can match: those sharing a local ID, email, or name and mobile with
 * one of its rows (see lookupKeysFor). The same selection the store makes in IndexedDB, for callers
 * that hold whole reports in memory (the command line): indexing 10,000 mailboxes instead of 100,000.
 * Name keys are only computed for mailboxes whose mobile matched, as names only count with a mobile.
 */
export function selectMailboxes(mailboxes: readonly Mailbox[], keys: LookupKeys): Mailbox[] {
  const localIds = askedKeys(keys.localIds);
  const emails = askedKeys(keys.emails);
  const mobiles = askedKeys(keys.mobiles);
  const names = askedKeys(keys.nameKeys);
  const selected: Mailbox[] = [];
  for (const m of mailboxes) {
    if (
      (m.localId && localIds.has(localIdKey(m.localId))) ||
      emails.has(emailKey(m.email)) ||
      (m.mobile && mobiles.has(mobileKey(m.mobile)) && mailboxNameKeys(m).some((k) => names.has(k)))
    ) {
      selected.push(m);
    }
  }
  return selected;
}

/** The keys asked for, as a Set: '' asks for nothing (see LookupKeys), so it never matches a mailbox without that key. */
export function askedKeys(keys: readonly string[]): Set<string> {
  const set = new Set(keys);
  set.delete('');
  return set;
}

export const EMPTY_MAILBOX_INDEX: Readonly<MailboxIndex> = buildMailboxIndex([]);
