import type { CsvRow } from '../csv/types';
import type { KeyMatches } from '../messaging/reports-protocol';
import type { ColumnMap } from '../portal/columns';
import type { Mailbox } from '../portal/mailbox';
import { emailKey, localIdKey, mobileKey, namesMatch } from '../portal/normalize';
import { nameMobileKey, type RowKeys } from '../submissions/submitted-rows';
import { mailboxKeys, personNameKeys, type MailboxIndex, type MailboxKeys } from './mailbox-index';
import type { UploadKeys } from './upload-keys';

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
  readonly nameKey: string;
  /**
   * Every key the row's name can be matched on (first/last name, or else display name: see normalize.ts).
   * Made on first use: most rows are matched by local ID and email alone, and name keys cost the most.
   */
  readonly nameKeys: readonly string[];
  mobileKey: string;
  /** Every cached mailbox with this row's local ID (normally one; more when two organisations share it). */
  sameLocalId: readonly Mailbox[];
  /** The account the row would update, when its local ID is known (never a permanently deleted one). */
  target?: Mailbox;
  /**
   * The mailboxes of the target's organisation with this local ID, the target included. More than one
   * (a placeholder such as "N/A") means the portal's match is ambiguous.
   */
  sameLocalIdInOrg: readonly Mailbox[];
  /** The local ID's only accounts are permanently deleted: the portal cannot update it, and creates one. */
  deletedTarget?: Mailbox;
  outcome: PredictedOutcome;
  /** For rows that would create an account: existing mailboxes that look like the same person. */
  duplicates: readonly Mailbox[];
  /** How each duplicate matched, same order as `duplicates`. */
  duplicateReasons: readonly MatchReason[];
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
const NONE: readonly Mailbox[] = [];
const NO_REASONS: readonly MatchReason[] = [];

/**
 * Analyses rows of one upload: its identity columns are resolved once, not looked up by role for every cell.
 * `keys`, `matches`: the upload's keys (uploadKeysOf) and what the lookup found for each row's keys, row-aligned,
 * when the caller has them: a row analysed with its index in the table then normalises nothing and reads no map.
 */
export class RowAnalyser {
  private readonly at: IdentityColumns;

  constructor(
    columns: ColumnMap,
    private readonly index: MailboxIndex,
    private readonly reportsAvailable: boolean,
    private readonly keys?: UploadKeys,
    private readonly matches?: KeyMatches,
  ) {
    this.at = {
      localId: columns.localId,
      portalId: columns.portalId,
      email: columns.email,
      firstName: columns.firstName,
      lastName: columns.lastName,
      displayName: columns.displayName,
      mobile: columns.mobile,
    };
  }

  /** `row`; `rowIndex`: its index in the table the keys and matches were made for (-1: none, as for the fixes). */
  analyse(row: CsvRow, rowIndex = -1): RowAnalysis {
    const { index, at } = this;
    const v = row.values;
    const keys = rowIndex >= 0 ? this.keys : undefined;
    const localId = keys ? keys.localIds[rowIndex]! : valueAt(v, at.localId).trim();
    const idKey = keys ? keys.localIdKeys[rowIndex]! : localIdKey(localId);
    const eKey = keys ? keys.emailKeys[rowIndex]! : emailKey(valueAt(v, at.email));
    const mKey = keys ? keys.mobileKeys[rowIndex]! : mobileKey(valueAt(v, at.mobile));
    const r = new AnalysedRow(row, at, localId, idKey, valueAt(v, at.portalId).trim(), eKey, mKey);
    const matches = rowIndex >= 0 ? this.matches : undefined;
    // The mailboxes with each of the row's keys: as the lookup answered for this row, or else from the index.
    let sameLocalId: readonly Mailbox[];
    let withEmail: readonly Mailbox[];
    let withMobile: readonly Mailbox[];
    if (matches) {
      sameLocalId = idKey ? (matches.localIds[rowIndex] ?? NONE) : NONE;
      withEmail = eKey ? (matches.emails[rowIndex] ?? NONE) : NONE;
      withMobile = mKey ? (matches.mobiles[rowIndex] ?? NONE) : NONE;
    } else {
      sameLocalId = idKey ? (index.byLocalId.get(idKey) ?? NONE) : NONE;
      withEmail = eKey ? (index.byEmail.get(eKey) ?? NONE) : NONE;
      withMobile = mKey ? (index.byMobile.get(mKey) ?? NONE) : NONE;
    }
    r.sameLocalId = sameLocalId;

    let target: Mailbox | undefined;
    if (sameLocalId.length === 1) {
      // The usual case: one mailbox, nothing to choose between and nothing to allocate.
      const only = sameLocalId[0]!;
      if (isGone(only)) r.deletedTarget = only;
      else {
        target = only;
        r.sameLocalIdInOrg = sameLocalId;
      }
    } else if (sameLocalId.length > 1) {
      const lookup = sharedIdLookup(index, sameLocalId);
      target = pickTarget(lookup, r);
      if (!target) r.deletedTarget = lookup.deleted[0];
      else r.sameLocalIdInOrg = lookup.live.length > 1 ? (lookup.byOrg.get(target.orgId) ?? NONE) : lookup.live;
    }
    r.target = target;

    if (target) r.outcome = 'update';
    else if (!idKey) r.outcome = 'create';
    else r.outcome = this.reportsAvailable || r.deletedTarget ? 'create' : 'unknown';

    if (r.outcome === 'create') {
      const duplicates: Mailbox[] = [];
      const duplicateReasons: MatchReason[] = [];
      for (const m of withEmail) {
        if (duplicates.length >= MAX_DUPLICATES) break;
        if (isGone(m)) continue;
        duplicates.push(m);
        duplicateReasons.push('email');
      }
      for (const m of nameAndMobileMatches(index, withMobile, r)) {
        if (duplicates.length >= MAX_DUPLICATES) break;
        if (isGone(m) || duplicates.includes(m)) continue;
        duplicates.push(m);
        duplicateReasons.push('name-and-mobile');
      }
      r.duplicates = duplicates;
      r.duplicateReasons = duplicateReasons;
    }
    if (target) {
      // The usual update: the row's email found the target itself, so both have that email and nothing of
      // the target's needs normalising (withEmail holds exactly the mailboxes whose email key is the row's).
      const sameEmail = eKey !== '' && withEmail.includes(target);
      r.otherPerson = findOtherPerson(index, withEmail, withMobile, target, sameEmail, r);
      const someoneElse = sameEmail ? 'no' : isSomeoneElse(r, mailboxKeys(target));
      r.wrongPerson = r.otherPerson !== undefined || someoneElse !== 'no';
      if (someoneElse === 'name-partly') r.namePartlyDiffers = true;
    }
    return r;
  }
}

/** One row on its own (the fixes judge rows one at a time); a check analyses all its rows with one RowAnalyser. */
export function analyseRow(row: CsvRow, columns: ColumnMap, index: MailboxIndex, reportsAvailable: boolean): RowAnalysis {
  return new RowAnalyser(columns, index, reportsAvailable).analyse(row);
}

/** The columns a row's identity is read from (see ColumnMap). */
interface IdentityColumns {
  readonly localId: number | undefined;
  readonly portalId: number | undefined;
  readonly email: number | undefined;
  readonly firstName: number | undefined;
  readonly lastName: number | undefined;
  readonly displayName: number | undefined;
  readonly mobile: number | undefined;
}

function valueAt(values: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : (values[index] ?? '');
}

/** RowAnalysis with its name keys made on first use. Every field is set in the constructor, so all rows share one shape. */
class AnalysedRow implements RowAnalysis {
  sameLocalId: readonly Mailbox[] = NONE;
  target: Mailbox | undefined = undefined;
  sameLocalIdInOrg: readonly Mailbox[] = NONE;
  deletedTarget: Mailbox | undefined = undefined;
  outcome: PredictedOutcome = 'unknown';
  duplicates: readonly Mailbox[] = NONE;
  duplicateReasons: readonly MatchReason[] = NO_REASONS;
  wrongPerson = false;
  namePartlyDiffers: boolean | undefined = undefined;
  otherPerson: RowAnalysis['otherPerson'] = undefined;
  private names: readonly string[] | undefined = undefined;

  constructor(
    readonly row: CsvRow,
    private readonly at: IdentityColumns,
    readonly localId: string,
    readonly localIdKey: string,
    readonly portalId: string,
    readonly emailKey: string,
    readonly mobileKey: string,
  ) {}

  get nameKeys(): readonly string[] {
    const v = this.row.values;
    const at = this.at;
    return (this.names ??= personNameKeys(valueAt(v, at.firstName), valueAt(v, at.lastName), valueAt(v, at.displayName)));
  }

  get nameKey(): string {
    return this.nameKeys[0] ?? '';
  }
}

/**
 * The row's keys as rowKeys (lib/submissions/submitted-rows) makes them from its values: taken from the
 * analysis, and the name keys only when asked for (an earlier upload is searched by name and mobile last).
 */
export function rowKeysOf(r: RowAnalysis): RowKeys {
  return new KeysOfRow(r);
}

class KeysOfRow implements RowKeys {
  constructor(private readonly r: RowAnalysis) {}

  get localId(): string {
    return this.r.localIdKey;
  }

  get email(): string {
    return this.r.emailKey;
  }

  get mobile(): string {
    return this.r.mobileKey;
  }

  get name(): string {
    return this.r.nameKey;
  }

  get nameMobile(): string {
    const { mobileKey } = this.r;
    // The name key only for a row with a mobile: it costs the most to make.
    return mobileKey ? nameMobileKey(this.r.nameKey, mobileKey) : '';
  }
}

/** A permanently deleted account cannot be updated, and is no longer an account a person "has". */
function isGone(m: Mailbox): boolean {
  return m.status === 'deleted-permanent';
}

/** Enough to name the existing accounts; a report where thousands share an email must not make this quadratic. */
const MAX_DUPLICATES = 20;

export interface SharedIdLookup {
  /** The mailboxes with this local ID that still exist, and those permanently deleted. */
  live: readonly Mailbox[];
  deleted: readonly Mailbox[];
  byEmail: ReadonlyMap<string, Mailbox>;
  byName: ReadonlyMap<string, Mailbox>;
  byOrg: ReadonlyMap<string, readonly Mailbox[]>;
}

/** Per local ID's mailbox list (a placeholder such as "N/A" can be on thousands): built once per index, shared by every row. */
function sharedIdLookup(index: MailboxIndex, candidates: readonly Mailbox[]): SharedIdLookup {
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
function pickTarget(lookup: SharedIdLookup, r: RowAnalysis): Mailbox | undefined {
  const { live } = lookup;
  if (live.length <= 1) return live[0];
  const byEmail = r.emailKey ? lookup.byEmail.get(r.emailKey) : undefined;
  if (byEmail) return byEmail;
  for (const n of r.nameKeys) {
    const m = lookup.byName.get(n);
    if (m) return m;
  }
  return live[0];
}

/** Mailboxes with the row's mobile (`withMobile`) and one of its name keys, without scanning a long list for every row. */
function nameAndMobileMatches(index: MailboxIndex, withMobile: readonly Mailbox[], r: RowAnalysis): readonly Mailbox[] {
  if (withMobile.length === 0) return NONE;
  const nKeys = r.nameKeys; // only now: most rows have no mobile another mailbox shares
  if (nKeys.length === 0) return NONE;
  // The usual case, one mailbox with this mobile: compared directly, no map made.
  if (withMobile.length === 1) return namesMatch(nKeys, mailboxKeys(withMobile[0]!).names) ? withMobile : NONE;
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
  withEmail: readonly Mailbox[],
  withMobile: readonly Mailbox[],
  target: Mailbox,
  sameEmail: boolean,
  r: RowAnalysis,
): RowAnalysis['otherPerson'] {
  const { localIdKey: idKey, emailKey: eKey } = r;
  if (eKey && !sameEmail) {
    for (const m of withEmail) if (isOther(m, target, idKey)) return { mailbox: m, reason: 'email' };
  }
  // Name-and-mobile matches are among the mailboxes with the row's mobile: with none of them another
  // person's (the usual case: only the target has it), the row's names need not be made at all.
  if (!anyOther(withMobile, target, idKey)) return undefined;
  const nKeys = r.nameKeys;
  // The target has the row's mobile when the mobile found it (withMobile is not empty here: the row has one).
  if (nKeys.length > 0 && !(withMobile.includes(target) && namesMatch(nKeys, mailboxKeys(target).names))) {
    for (const m of nameAndMobileMatches(index, withMobile, r)) if (isOther(m, target, idKey)) return { mailbox: m, reason: 'name-and-mobile' };
  }
  return undefined;
}

function anyOther(mailboxes: readonly Mailbox[], target: Mailbox, idKey: string): boolean {
  for (let i = 0; i < mailboxes.length; i++) if (isOther(mailboxes[i]!, target, idKey)) return true;
  return false;
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
function isSomeoneElse(r: RowAnalysis, target: MailboxKeys): 'yes' | 'name-partly' | 'no' {
  const { emailKey: eKey, mobileKey: mKey } = r;
  const targetEmail = target.email;
  const email: Verdict = eKey && targetEmail ? (eKey === targetEmail ? 'same' : 'differs') : 'unknown';
  if (email === 'same') return 'no'; // the usual case, decided without the names
  const name = compareNames(r.nameKeys, target.names);
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
