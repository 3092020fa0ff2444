import type { CsvRow } from '../csv/types';
import { cell, type ColumnMap } from '../portal/columns';
import type { Mailbox } from '../portal/mailbox';
import { displayNameKey, emailKey, localIdKey, mobileKey, nameKey } from '../portal/normalize';
import { mailboxNameKey, type MailboxIndex } from './mailbox-index';

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
  nameKey: string;
  mobileKey: string;
  /** Every cached mailbox with this row's local ID (normally one; more when two organisations share it). */
  sameLocalId: Mailbox[];
  /** The account the row would update, when its local ID is known. */
  target?: Mailbox;
  outcome: PredictedOutcome;
  /** For rows that would create an account: existing mailboxes that look like the same person. */
  duplicates: Mailbox[];
  /** How each duplicate matched, same order as `duplicates`. */
  duplicateReasons: ('email' | 'name-and-mobile')[];
  /**
   * The target belongs to someone else: every identity field we can compare differs (email, and
   * name; with no email to compare, a name sharing its first or last part is taken as a name change).
   */
  wrongPerson: boolean;
}

// Shared by the many rows with no duplicates (never mutated): 10,000 rows, no 20,000 empty arrays.
const NONE: Mailbox[] = [];
const NO_REASONS: ('email' | 'name-and-mobile')[] = [];

export function analyseRow(row: CsvRow, columns: ColumnMap, index: MailboxIndex, reportsAvailable: boolean): RowAnalysis {
  const v = row.values;
  const localId = cell(v, columns, 'localId').trim();
  const idKey = localIdKey(localId);
  const portalId = cell(v, columns, 'portalId').trim();
  const eKey = emailKey(cell(v, columns, 'email'));
  const nKey = nameKey(cell(v, columns, 'firstName'), cell(v, columns, 'lastName')) || displayNameKey(cell(v, columns, 'displayName'));
  const mKey = mobileKey(cell(v, columns, 'mobile'));
  const sameLocalId = idKey ? (index.byLocalId.get(idKey) ?? []) : [];
  const target = pickTarget(sameLocalId, eKey, nKey);

  let outcome: PredictedOutcome;
  if (target) outcome = 'update';
  else if (!idKey) outcome = 'create';
  else outcome = reportsAvailable ? 'create' : 'unknown';

  let duplicates: Mailbox[] = NONE;
  let duplicateReasons: ('email' | 'name-and-mobile')[] = NO_REASONS;
  if (outcome === 'create') {
    duplicates = [];
    duplicateReasons = [];
    for (const m of eKey ? (index.byEmail.get(eKey) ?? []) : []) {
      if (duplicates.length >= MAX_DUPLICATES) break;
      duplicates.push(m);
      duplicateReasons.push('email');
    }
    if (nKey && mKey) {
      for (const m of index.byMobile.get(mKey) ?? []) {
        if (duplicates.length >= MAX_DUPLICATES) break;
        if (!duplicates.includes(m) && mailboxNameKey(m) === nKey) {
          duplicates.push(m);
          duplicateReasons.push('name-and-mobile');
        }
      }
    }
  }
  const wrongPerson = target ? isSomeoneElse(eKey, nKey, target) : false;
  const analysis: RowAnalysis = { row, localId, localIdKey: idKey, portalId, emailKey: eKey, nameKey: nKey, mobileKey: mKey, sameLocalId, outcome, duplicates, duplicateReasons, wrongPerson };
  if (target) analysis.target = target;
  return analysis;
}

/** Enough to name the existing accounts; a report where thousands share an email must not make this quadratic. */
const MAX_DUPLICATES = 20;

/** Per shared local ID (a placeholder such as "N/A" on thousands of mailboxes): its mailboxes by email and by name, built once. */
const sharedIdLookups = new WeakMap<Mailbox[], { byEmail: Map<string, Mailbox>; byName: Map<string, Mailbox> }>();

/** With several mailboxes on one local ID, the one that is the same person; else the first. */
function pickTarget(candidates: Mailbox[], eKey: string, nKey: string): Mailbox | undefined {
  if (candidates.length <= 1) return candidates[0];
  let lookup = sharedIdLookups.get(candidates);
  if (!lookup) {
    lookup = { byEmail: new Map(), byName: new Map() };
    for (const m of candidates) {
      const e = emailKey(m.email);
      const n = mailboxNameKey(m);
      if (e && !lookup.byEmail.has(e)) lookup.byEmail.set(e, m);
      if (n && !lookup.byName.has(n)) lookup.byName.set(n, m);
    }
    sharedIdLookups.set(candidates, lookup);
  }
  return (eKey ? lookup.byEmail.get(eKey) : undefined) ?? (nKey ? lookup.byName.get(nKey) : undefined) ?? candidates[0];
}

type Verdict = 'same' | 'partial' | 'differs' | 'unknown';

function isSomeoneElse(eKey: string, nKey: string, target: Mailbox): boolean {
  const targetEmail = emailKey(target.email);
  const email: Verdict = eKey && targetEmail ? (eKey === targetEmail ? 'same' : 'differs') : 'unknown';
  if (email === 'same') return false;
  const name = compareNames(nKey, mailboxNameKey(target));
  if (name === 'same') return false;
  // Email differs: any name difference confirms it. Email unknown: only a wholly different name does.
  return email === 'differs' || name === 'differs';
}

function compareNames(a: string, b: string): Verdict {
  if (!a || !b) return 'unknown';
  if (a === b) return 'same';
  const [af, al] = a.split('|');
  const [bf, bl] = b.split('|');
  return af === bf || al === bl ? 'partial' : 'differs';
}
