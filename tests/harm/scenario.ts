import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { generatePeople, seededRandom, uploadRow, COL, type Person } from '../support/generate';

/**
 * A seeded organisation and an admin's week of CSV uploads. The same seed always gives the same
 * scenario, so any harm the simulator finds can be replayed (`npm run harm -- --replay <seed>`).
 */

/** Who a row is really about: `P<portalId>` for someone with an account at the start, `N<n>` for a new starter. */
export type PersonKey = string;

/** The fields an update row means to change (the organisational unit is not one: CSV cannot move users). */
export interface Desired {
  jobTitle?: string;
  department?: string;
  mobile?: string;
}

/** What the admin means by one row of a file: the ground truth the harm is measured against. */
export interface RowIntent {
  person: PersonKey;
  kind: 'update' | 'create';
  desired: Desired;
  /** How the row's local ID was spoiled, for the per-scenario description. */
  mess: LocalIdMess | 'new-starter' | 'known-starter';
}

export type LocalIdMess = 'correct' | 'blank' | 'stale' | 'wrong-person' | 'mistyped' | 'padded' | 'ou-move';
export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le';

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  encoding: FileEncoding;
  passwordColumn: boolean;
  rows: RowIntent[];
}

export type Episode =
  | { kind: 'plain'; file: UploadFile }
  | { kind: 'double-click'; file: UploadFile }
  /** Two files uploaded from two tabs before the portal has processed the first. */
  | { kind: 'second-tab'; first: UploadFile; second: UploadFile }
  /** The portal fails after `failAfterRows` rows, with or without a results email; the admin then uploads again. */
  | { kind: 'failure'; file: UploadFile; failAfterRows: number; emailResults: boolean; afterSilence: 'mark-finished' | 'wait-expiry' }
  /** A list of new starters made from an old Mailbox Report: some of them already have accounts. */
  | { kind: 'old-list'; file: UploadFile };

export interface Scenario {
  seed: number;
  /** The directory at the start of the week (recent starters included). */
  people: Person[];
  /** What the admin's cached Mailbox Report holds: an old report misses last week's starters. */
  reportPeople: Person[];
  /** Accounts created last week (also in `people`). */
  recentStarters: Person[];
  /** New starters this week, by key. */
  newStarters: Map<PersonKey, Person>;
  /** Telephone (digits) → person: every row carries its person's unique telephone number. */
  personByPhone: Map<string, PersonKey>;
  episodes: Episode[];
  /** With CSV Guard: the admin downloads a fresh Mailbox Report after each results email. */
  refreshesReport: boolean;
}

export function phoneKey(value: string): string {
  return value.replace(/\D/g, '');
}

export function personKeyOf(person: Pick<Person, 'portalId'>): PersonKey {
  return `P${person.portalId}`;
}

const JOBS = ['Staff Nurse', 'Ward Manager', 'Consultant', 'Pharmacist', 'Administrator', 'Physiotherapist', 'Midwife', 'Porter', 'Matron'];
const DEPTS = ['Cardiology', 'Pharmacy', 'Maternity', 'Estates', 'Radiology', 'Outpatients', 'Theatres'];
const STARTER_FIRST = ['Ffion', 'Tadhg', 'Renée', 'Oluwaseun', 'Björn', 'Saoirse', 'Kwame', 'Inés', 'Dafydd', 'Yusuf'];
const STARTER_LAST = ['Llewellyn', 'Ó Súilleabháin', 'Adeyemi', 'Lindqvist', 'Fernández', 'Mensah', 'Pryce', 'Karimi', 'Doyle', 'Nowak'];

export function generateScenario(seed: number): Scenario {
  const rand = seededRandom(seed);
  const chance = (p: number) => rand() < p;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

  const size = int(30, 100);
  const people = generatePeople(size, seed);
  const recentStarters: Person[] = [];
  for (let i = 0, n = chance(0.6) ? int(1, 3) : 0; i < n; i++) {
    const starter = makeStarter(800000 + i, `RXX8${String(i + 1).padStart(5, '0')}`, seed, i, pick);
    recentStarters.push(starter);
    people.push(starter);
  }
  const oldReport = recentStarters.length > 0 && chance(0.4);
  const reportPeople = oldReport ? people.filter((p) => !recentStarters.includes(p)) : [...people];

  const personByPhone = new Map<string, PersonKey>(people.map((p) => [phoneKey(p.telephone), personKeyOf(p)]));
  const newStarters = new Map<PersonKey, Person>();
  let starterCount = 0;
  const newStarter = (): { key: PersonKey; person: Person } => {
    const n = ++starterCount;
    const person = makeStarter(0, chance(0.5) ? '' : `RXX6${String(seed % 1000).padStart(3, '0')}${String(n).padStart(2, '0')}`, seed, 100 + n, pick);
    const key = `N${n}`;
    newStarters.set(key, person);
    personByPhone.set(phoneKey(person.telephone), key);
    return { key, person };
  };

  const updatable = people.filter((p) => !recentStarters.includes(p));
  const current = new Map<Person, Person>();
  let fileCount = 0;
  let mobileCount = 0;

  const makeFile = (
    options: { starters?: number; knownStarters?: Person[]; sharedStarters?: { key: PersonKey; person: Person }[] } = {},
  ): UploadFile & { starters: { key: PersonKey; person: Person }[] } => {
    const passwordColumn = chance(0.15);
    const encoding: FileEncoding = pick(['utf-8', 'utf-8', 'utf-8', 'utf-8', 'utf-8-bom', 'windows-1252', 'windows-1252', 'utf-16le']);
    const blankEmails = chance(0.4);
    const chosen = shuffle(updatable, rand).slice(0, int(2, Math.min(14, updatable.length)));
    const rows: string[][] = [];
    const intents: RowIntent[] = [];
    for (const person of chosen) {
      // The admin's spreadsheet holds their own earlier changes this week.
      const row = uploadRow(current.get(person) ?? person);
      const desired: Desired = {};
      if (chance(0.7)) desired.jobTitle = pick(JOBS.filter((j) => j !== person.jobTitle));
      if (chance(0.35)) desired.department = pick(DEPTS.filter((d) => d !== person.department));
      if (chance(0.25) || Object.keys(desired).length === 0) desired.mobile = `07900 ${String(100000 + seed * 7 + ++mobileCount).slice(-6)}`;
      if (desired.jobTitle) row[COL.JobTitle!] = desired.jobTitle;
      if (desired.department) row[COL.Department!] = desired.department;
      if (desired.mobile) row[COL.MobileNumber!] = desired.mobile;
      // The row states all three values: what the admin means the account to hold afterwards.
      Object.assign(desired, { jobTitle: row[COL.JobTitle!], department: row[COL.Department!], mobile: row[COL.MobileNumber!] });
      if (blankEmails && chance(0.8)) row[COL.EmailAddress!] = '';
      const mess = pickMess(rand);
      row[COL.ExternalSyncID!] = spoilLocalId(person, mess, updatable, pick, int);
      if (mess === 'ou-move') row[COL.OrganisationalUnit!] = person.ou === 'Corporate' ? 'Community Services' : 'Corporate';
      current.set(person, {
        ...(current.get(person) ?? person),
        jobTitle: desired.jobTitle!,
        department: desired.department!,
        mobile: desired.mobile!,
      });
      // A blank or unknown local ID leaves the portal only the row's own fields: the admin's file still has the portal ID column filled.
      rows.push(row);
      intents.push({ person: personKeyOf(person), kind: 'update', desired, mess });
    }
    const starters = [...(options.sharedStarters ?? [])];
    for (let i = 0; i < (options.starters ?? 0); i++) starters.push(newStarter());
    for (const { key, person } of starters) {
      rows.push(uploadRow(person));
      intents.push({ person: key, kind: 'create', desired: {}, mess: 'new-starter' });
    }
    for (const person of options.knownStarters ?? []) {
      const row = uploadRow(person);
      row[COL.ExternalSyncID!] = '';
      row[COL.ID!] = '';
      rows.push(row);
      intents.push({ person: personKeyOf(person), kind: 'create', desired: {}, mess: 'known-starter' });
    }
    // The admin's spreadsheet is in their own order.
    const order = shuffle(
      rows.map((_, i) => i),
      rand,
    );
    const header = passwordColumn ? [...BUNDLED_TEMPLATE.header, 'Password'] : [...BUNDLED_TEMPLATE.header];
    const data = order.map((i) => (passwordColumn ? [...rows[i]!, `Welcome${int(100, 999)}!`] : rows[i]!));
    const text = Papa.unparse({ fields: header, data }, { newline: '\r\n' });
    return {
      name: `week-${++fileCount}.csv`,
      bytes: encode(text, encoding),
      encoding,
      passwordColumn,
      rows: order.map((i) => intents[i]!),
      starters,
    };
  };

  const episodes: Episode[] = [];
  for (let e = 0, count = int(2, 4); e < count; e++) {
    const roll = rand();
    if (roll < 0.32) episodes.push({ kind: 'plain', file: makeFile({ starters: chance(0.5) ? int(1, 3) : 0 }) });
    else if (roll < 0.47) episodes.push({ kind: 'double-click', file: makeFile({ starters: chance(0.6) ? int(1, 2) : 0 }) });
    else if (roll < 0.64) {
      const first = makeFile({ starters: int(0, 2) });
      const shared = first.starters.length > 0 && chance(0.5) ? [first.starters[0]!] : [];
      episodes.push({ kind: 'second-tab', first, second: makeFile({ starters: chance(0.4) ? 1 : 0, sharedStarters: shared }) });
    } else if (roll < 0.86) {
      const file = makeFile({ starters: chance(0.6) ? int(1, 3) : 0 });
      episodes.push({
        kind: 'failure',
        file,
        failAfterRows: int(1, Math.max(1, file.rows.length - 1)),
        emailResults: chance(0.6),
        afterSilence: chance(0.5) ? 'mark-finished' : 'wait-expiry',
      });
    } else if (recentStarters.length > 0) {
      episodes.push({ kind: 'old-list', file: makeFile({ starters: int(0, 2), knownStarters: recentStarters.filter(() => chance(0.7)) }) });
    } else {
      episodes.push({ kind: 'plain', file: makeFile({ starters: 1 }) });
    }
  }
  return { seed, people, reportPeople, recentStarters, newStarters, personByPhone, episodes, refreshesReport: chance(0.5) };
}

function pickMess(rand: () => number): LocalIdMess {
  const r = rand();
  if (r < 0.7) return 'correct';
  if (r < 0.76) return 'blank';
  if (r < 0.82) return 'stale';
  if (r < 0.87) return 'wrong-person';
  if (r < 0.93) return 'mistyped';
  if (r < 0.96) return 'padded';
  return 'ou-move';
}

function spoilLocalId(
  person: Person,
  mess: LocalIdMess,
  others: readonly Person[],
  pick: <T>(items: readonly T[]) => T,
  int: (a: number, b: number) => number,
): string {
  const id = person.localId;
  switch (mess) {
    case 'blank':
      return '';
    case 'stale':
      // An ID from an old system: same prefix, a number the directory never issued.
      return id.replace(/\d+$/, (digits) => `7${digits.slice(1)}`);
    case 'wrong-person':
      // Copied from the wrong line of the spreadsheet.
      return pick(others.filter((o) => o !== person)).localId;
    case 'mistyped': {
      const digits = id.replace(/^\D+/, '');
      const prefix = id.slice(0, id.length - digits.length);
      const chars = [...digits];
      const at = int(chars.length - 3, chars.length - 2);
      if (chars[at] !== chars[at + 1]) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
      else chars[at + 1] = String((Number(chars[at + 1]) + 1) % 10);
      return prefix + chars.join('');
    }
    case 'padded':
      return ` ${id} `;
    default:
      return id;
  }
}

function makeStarter(portalNumber: number, localId: string, seed: number, n: number, pick: <T>(items: readonly T[]) => T): Person {
  const firstName = pick(STARTER_FIRST);
  const lastName = pick(STARTER_LAST);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  const unique = `${seed % 100000}${String(n).padStart(3, '0')}`;
  return {
    portalId: portalNumber ? String(portalNumber) : '',
    localId,
    title: '',
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`,
    email: `${ascii(firstName)}.${ascii(lastName)}.${unique}@nhs.net`,
    jobTitle: pick(JOBS),
    department: pick(DEPTS),
    mobile: `07800 ${unique.slice(-6).padStart(6, '0')}`,
    telephone: `0114 ${unique.padStart(8, '0').slice(-8)}`,
    ou: 'Acute Services',
    status: 'Active',
    mailboxType: 'User',
  };
}

function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The file's bytes as Excel (or another tool) saved it. */
export function encode(text: string, encoding: FileEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'windows-1252':
      // The generated names use only Latin-1 letters, where Windows-1252 and Unicode agree.
      return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
    case 'utf-16le': {
      const bytes = new Uint8Array(2 + text.length * 2);
      bytes[0] = 0xff;
      bytes[1] = 0xfe;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        bytes[2 + i * 2] = code & 0xff;
        bytes[3 + i * 2] = code >> 8;
      }
      return bytes;
    }
  }
}
