import type { CsvRow } from '../csv/types';
import { cell, type ColumnMap } from '../portal/columns';
import type { Mailbox } from '../portal/mailbox';
import { emailKey, localIdKey, mobileKey, namesMatch } from '../portal/normalize';
import type { RowKeys } from '../submissions/submitted-rows';
import { mailboxKeys, personNameKeys, type MailboxIndex, type MailboxKeys } from './mailbox-index';

/**
 * What the portal will do with a row:
 * - update: its local ID is in a cached report;
 * - create: it has no local ID (even with the portal's own ID: the portal matches updates by local ID,
 *   and a blank one is the documented cause of duplicates), or a local ID no cached report knows;
 * - unknown: no report is cached, so its local ID cannot be checked.
 */
export type PredictedOutcome = 'update' | 'create' | 'unknown';

/** Each row's keys and lookups, computed once and shared by every rule. */
export interface RowAnalysis {
  row: CsvRow;
  /** Local ID as written (trimmed); '' when blank. */
  localId: string;
  localIdKey: string;
  portalId: string;
  emailKey: string;
  /** The first of nameKeys ('' without a name). */
  nameKey: string;
  /** Every key the row's name can be matched on (first/last name, or else display name: see normalize.ts). */
  nameKeys: string[];
  mobileKey: string;
  /** Every cached mailbox with this row's local ID (normally one; more when two organisations share it). */
  sameLocalId: Mailbox[];
  /** The account the row would update, when its local ID is known (never a permanently deleted one). */
  target?: Mailbox;
  /**
   * The mailboxes of the target's organisation with this local ID, the target included. More than one
   * (a placeholder such as "N/A") means the portal's match is ambiguous.
   */
  sameLocalIdInOrg: Mailbox[];
  /** The local ID's only accounts are permanently deleted: the portal cannot update it, and creates one. */
  deletedTarget?: Mailbox;
  outcome: PredictedOutcome;
  /** For rows that would create an account: existing mailboxes that look like the same person. */
  duplicates: Mailbox[];
  /** How each duplicate matched, same order as `duplicates`. */
  duplicateReasons: MatchReason[];
  /**
   * The target belongs to someone else: every identity field we can compare differs (email, and
   * name), or, with no email to compare, the name shares only its first or last part with the target's
   * and the mobile does not confirm it (`namePartlyDiffers`), or the row's email, or name and mobile,
   * is another mailbox's (`otherPerson`).
   */
  wrongPerson: boolean;
  /**
   * No email to compare, and the row's name shares only a first or last name with the target's, with no
   * matching mobile: a name change, or (as often) a relative or namesake whose local ID was copied.
   */
  namePartlyDiffers?: boolean;
  /** Another mailbox (not the target) that has the row's email, or its name and mobile. */
  otherPerson?: { mailbox: Mailbox; reason: MatchReason };
}

export type MatchReason = 'email' | 'name-and-mobile';

// Shared by the many rows with no duplicates (never mutated): 10,000 rows, no 20,000 empty arrays.
const NONE: Mailbox[] = [];
const NO_REASONS: MatchReason[] = [];

export function analyseRow(row: CsvRow, columns: ColumnMap, index: MailboxIndex, reportsAvailable: boolean): RowAnalysis {
  const v = row.values;
  const localId = cell(v, columns, 'localId').trim();
  const idKey = localIdKey(localId);
  const portalId = cell(v, columns, 'portalId').trim();
  const eKey = emailKey(cell(v, columns, 'email'));
  const nKeys = personNameKeys(cell(v, columns, 'firstName'), cell(v, columns, 'lastName'), cell(v, columns, 'displayName'));
  const mKey = mobileKey(cell(v, columns, 'mobile'));
  const sameLocalId = idKey ? (index.byLocalId.get(idKey) ?? NONE) : NONE;

  let target: Mailbox | undefined;
  let deletedTarget: Mailbox | undefined;
  let sameLocalIdInOrg = NONE;
  if (sameLocalId.length === 1) {
    // The usual case: one mailbox, nothing to choose between and nothing to allocate.
    const only = sameLocalId[0]!;
    if (isGone(only)) deletedTarget = only;
    else {
      target = only;
      sameLocalIdInOrg = sameLocalId;
    }
  } else if (sameLocalId.length > 1) {
    const lookup = sharedIdLookup(index, sameLocalId);
    target = pickTarget(lookup, eKey, nKeys);
    if (!target) deletedTarget = lookup.deleted[0];
    else sameLocalIdInOrg = lookup.live.length > 1 ? (lookup.byOrg.get(target.orgId) ?? NONE) : lookup.live;
  }

  let outcome: PredictedOutcome;
  if (target) outcome = 'update';
  else if (!idKey) outcome = 'create';
  else outcome = reportsAvailable || deletedTarget ? 'create' : 'unknown';

  let duplicates: Mailbox[] = NONE;
  let duplicateReasons: MatchReason[] = NO_REASONS;
  if (outcome === 'create') {
    duplicates = [];
    duplicateReasons = [];
    for (const m of eKey ? (index.byEmail.get(eKey) ?? NONE) : NONE) {
      if (duplicates.length >= MAX_DUPLICATES) break;
      if (isGone(m)) continue;
      duplicates.push(m);
      duplicateReasons.push('email');
    }
    for (const m of nameAndMobileMatches(index, nKeys, mKey)) {
      if (duplicates.length >= MAX_DUPLICATES) break;
      if (isGone(m) || duplicates.includes(m)) continue;
      duplicates.push(m);
      duplicateReasons.push('name-and-mobile');
    }
  }
  const targetKeys = target ? mailboxKeys(target) : undefined;
  const otherPerson = target && targetKeys ? findOtherPerson(index, target, targetKeys, idKey, eKey, nKeys, mKey) : undefined;
  const someoneElse = targetKeys ? isSomeoneElse(eKey, nKeys, mKey, targetKeys) : 'no';
  const wrongPerson = otherPerson !== undefined || someoneElse !== 'no';
  const analysis: RowAnalysis = {
    row,
    localId,
    localIdKey: idKey,
    portalId,
    emailKey: eKey,
    nameKey: nKeys[0] ?? '',
    nameKeys: nKeys,
    mobileKey: mKey,
    sameLocalId,
    sameLocalIdInOrg,
    outcome,
    duplicates,
    duplicateReasons,
    wrongPerson,
  };
  if (target) analysis.target = target;
  if (deletedTarget) analysis.deletedTarget = deletedTarget;
  if (otherPerson) analysis.otherPerson = otherPerson;
  if (someoneElse === 'name-partly') analysis.namePartlyDiffers = true;
  return analysis;
}

/** The row's keys as rowKeys (lib/submissions/submitted-rows) makes them from its values: already computed here. */
export function rowKeysOf(r: RowAnalysis): RowKeys {
  return {
    localId: r.localIdKey,
    email: r.emailKey,
    name: r.nameKey,
    mobile: r.mobileKey,
    nameMobile: r.nameKey && r.mobileKey ? `${r.nameKey}#${r.mobileKey}` : '',
  };
}

/** A permanently deleted account cannot be updated, and is no longer an account a person "has". */
function isGone(m: Mailbox): boolean {
  return m.status === 'deleted-permanent';
}

/** Enough to name the existing accounts; a report where thousands share an email must not make this quadratic. */
const MAX_DUPLICATES = 20;

export interface SharedIdLookup {
  /** The mailboxes with this local ID that still exist, and those permanently deleted. */
  live: Mailbox[];
  deleted: Mailbox[];
  byEmail: ReadonlyMap<string, Mailbox>;
  byName: ReadonlyMap<string, Mailbox>;
  byOrg: ReadonlyMap<string, Mailbox[]>;
}

/** Per local ID's mailbox list (a placeholder such as "N/A" can be on thousands): built once per index, shared by every row. */
function sharedIdLookup(index: MailboxIndex, candidates: Mailbox[]): SharedIdLookup {
  let lookup = index.derived.sharedIdLookups.get(candidates);
  if (lookup) return lookup;
  const live = candidates.filter((m) => !isGone(m));
  const byEmail = new Map<string, Mailbox>();
  const byName = new Map<string, Mailbox>();
  const byOrg = new Map<string, Mailbox[]>();
  lookup = { live, deleted: live.length === candidates.length ? NONE : candidates.filter(isGone), byEmail, byName, byOrg };
  if (live.length > 1) {
    for (const m of live) {
      const keys = mailboxKeys(m);
      if (keys.email && !byEmail.has(keys.email)) byEmail.set(keys.email, m);
      for (const n of keys.names) if (!byName.has(n)) byName.set(n, m);
      const inOrg = byOrg.get(m.orgId);
      if (inOrg) inOrg.push(m);
      else byOrg.set(m.orgId, [m]);
    }
  }
  index.derived.sharedIdLookups.set(candidates, lookup);
  return lookup;
}

/** With several mailboxes on one local ID, the one that is the same person; else the first. */
function pickTarget(lookup: SharedIdLookup, eKey: string, nKeys: readonly string[]): Mailbox | undefined {
  const { live } = lookup;
  if (live.length <= 1) return live[0];
  const byEmail = eKey ? lookup.byEmail.get(eKey) : undefined;
  if (byEmail) return byEmail;
  for (const n of nKeys) {
    const m = lookup.byName.get(n);
    if (m) return m;
  }
  return live[0];
}

/** Mailboxes with this mobile and one of these name keys, without scanning a long list for every row. */
function nameAndMobileMatches(index: MailboxIndex, nKeys: readonly string[], mKey: string): Mailbox[] {
  if (nKeys.length === 0 || !mKey) return NONE;
  const withMobile = index.byMobile.get(mKey);
  if (!withMobile) return NONE;
  // Per mobile number's mailbox list: those mailboxes by each of their name keys, built once per index.
  let byName = index.derived.byNameForMobile.get(withMobile);
  if (!byName) {
    byName = new Map();
    for (const m of withMobile) {
      for (const n of mailboxKeys(m).names) {
        const list = byName.get(n);
        if (!list) byName.set(n, [m]);
        else if (!list.includes(m)) list.push(m);
      }
    }
    index.derived.byNameForMobile.set(withMobile, byName);
  }
  if (nKeys.length === 1) return byName.get(nKeys[0]!) ?? NONE;
  const found: Mailbox[] = [];
  for (const n of nKeys) for (const m of byName.get(n) ?? NONE) if (!found.includes(m)) found.push(m);
  return found;
}

/**
 * A mailbox other than the target that the row's own details name: its email, or (unless the target
 * has the row's name and mobile itself) its name and mobile. Mailboxes sharing the row's local ID don't count.
 */
function findOtherPerson(
  index: MailboxIndex,
  target: Mailbox,
  targetKeys: MailboxKeys,
  idKey: string,
  eKey: string,
  nKeys: readonly string[],
  mKey: string,
): RowAnalysis['otherPerson'] {
  if (eKey && eKey !== targetKeys.email) {
    for (const m of index.byEmail.get(eKey) ?? NONE) if (isOther(m, target, idKey)) return { mailbox: m, reason: 'email' };
  }
  if (nKeys.length > 0 && mKey && !(targetKeys.mobile === mKey && namesMatch(nKeys, targetKeys.names))) {
    for (const m of nameAndMobileMatches(index, nKeys, mKey)) if (isOther(m, target, idKey)) return { mailbox: m, reason: 'name-and-mobile' };
  }
  return undefined;
}

function isOther(m: Mailbox, target: Mailbox, idKey: string): boolean {
  return m !== target && !isGone(m) && mailboxKeys(m).localId !== idKey;
}

type Verdict = 'same' | 'partial' | 'differs' | 'unknown';

/**
 * Whether the target is someone else: 'yes', 'name-partly' (see RowAnalysis.namePartlyDiffers) or 'no'.
 * The same email, or the same name, is the same person. A different email with any name difference is
 * someone else. With no email to compare, a wholly different name is someone else; a name sharing only
 * its first or last part is a name change only when the mobile confirms it: a copied local ID of a
 * relative or namesake (same surname, or same first name) looks exactly like that, and would overwrite them.
 */
function isSomeoneElse(eKey: string, nKeys: readonly string[], mKey: string, target: MailboxKeys): 'yes' | 'name-partly' | 'no' {
  const targetEmail = target.email;
  const email: Verdict = eKey && targetEmail ? (eKey === targetEmail ? 'same' : 'differs') : 'unknown';
  if (email === 'same') return 'no';
  const name = compareNames(nKeys, target.names);
  if (name === 'same') return 'no';
  if (email === 'differs' || name === 'differs') return 'yes';
  if (name === 'partial' && !(mKey && mKey === target.mobile)) return 'name-partly';
  return 'no';
}

function compareNames(a: readonly string[], b: readonly string[]): Verdict {
  if (a.length === 0 || b.length === 0) return 'unknown';
  if (namesMatch(a, b)) return 'same';
  for (const x of a) {
    const [af, al] = x.split('|');
    for (const y of b) {
      const [bf, bl] = y.split('|');
      if (af === bf || al === bl) return 'partial';
    }
  }
  return 'differs';
}
