import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';

/**
 * Deterministic fake NHS staff for tests, the portal replica, the demo and benchmarks.
 * The same seed always gives the same people, so failures are reproducible.
 */
export interface Person {
  /** The portal's own database ID (first column of the upload). */
  portalId: string;
  /** ExternalSyncID, the local ID the portal matches updates by. */
  localId: string;
  title: string;
  firstName: string;
  lastName: string;
  displayName: string;
  email: string;
  jobTitle: string;
  department: string;
  mobile: string;
  telephone: string;
  ou: string;
  status: string;
  mailboxType: string;
}

const FIRST = [
  'Siân',
  'Aisha',
  'Oliver',
  'Zoë',
  'Chidi',
  'Mary-Jane',
  'Niamh',
  'Rahul',
  'Eilidh',
  'Tomasz',
  'Grace',
  'Mohammed',
  'Chloé',
  'Declan',
  'Priya',
  'Ewan',
  'Fatima',
  'Jack',
  'Ioan',
  'Amelia',
];
const LAST = [
  "O'Connor",
  'Smith-Jones',
  'Patel',
  'Nguyen',
  'Okafor',
  'Brown',
  'Davies',
  'MacDonald',
  'Kowalski',
  'Hughes',
  'Ahmed',
  'Wilson',
  'Müller',
  'Evans',
  'Rees',
  'Thompson',
  'Ali',
  'Roberts',
  'Ó Briain',
  'Campbell',
];
const JOBS = ['Staff Nurse', 'Healthcare Assistant', 'Consultant', 'Pharmacist', 'Administrator', 'Physiotherapist', 'Midwife', 'Porter'];
const DEPTS = ['Cardiology', 'Pharmacy', 'Maternity', 'Estates', 'Radiology', 'Outpatients'];
const OUS = ['Acute Services', 'Community Services', 'Corporate'];

/** Small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function asciiLocal(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function generatePeople(count: number, seed = 1, orgCode = 'RXX'): Person[] {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const n = String(i + 1).padStart(6, '0');
    people.push({
      portalId: String(100000 + i),
      localId: `${orgCode}${n}`,
      title: pick(['Mr', 'Mrs', 'Ms', 'Dr', '']),
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      email: `${asciiLocal(firstName)}.${asciiLocal(lastName)}${i + 1}@nhs.net`,
      jobTitle: pick(JOBS),
      department: pick(DEPTS),
      mobile: `07700 ${String(900000 + (i % 100000)).padStart(6, '0')}`,
      telephone: `0113 ${String(2000000 + i).slice(-7)}`,
      ou: pick(OUS),
      status: rand() < 0.97 ? 'Active' : pick(['Active (Leaver)', 'Disabled', 'Pending']),
      mailboxType: 'User',
    });
  }
  return people;
}

export const MAILBOX_REPORT_HEADER = [
  'EmailAddress',
  'DisplayName',
  'FirstName',
  'LastName',
  'ExternalSyncID',
  'Status',
  'MailboxType',
  'MobileNumber',
  'JobTitle',
  'OrganisationalUnit',
  'MFAStatus',
];

/** A Mailbox Report CSV as the portal's Reports → Admin Reports → Mailbox Report downloads it. */
export function mailboxReportCsv(people: readonly Person[]): string {
  return Papa.unparse(
    {
      fields: MAILBOX_REPORT_HEADER,
      data: people.map((p) => [
        p.email,
        p.displayName,
        p.firstName,
        p.lastName,
        p.localId,
        p.status,
        p.mailboxType,
        p.mobile,
        p.jobTitle,
        p.ou,
        'Enabled',
      ]),
    },
    { newline: '\r\n' },
  );
}

/** One upload row in the bundled template's column order. */
export function uploadRow(p: Person): string[] {
  return [p.portalId, p.localId, p.title, p.firstName, p.lastName, p.displayName, p.email, p.jobTitle, p.department, p.mobile, p.telephone, p.ou];
}

/** An upload CSV (bundled template header) updating these people; `edit` changes a row before it is written. */
export function uploadCsv(people: readonly Person[], edit?: (row: string[], index: number) => string[]): string {
  return Papa.unparse(
    {
      fields: BUNDLED_TEMPLATE.header,
      data: people.map((p, i) => (edit ? edit(uploadRow(p), i) : uploadRow(p))),
    },
    { newline: '\r\n' },
  );
}

/** Column positions in the bundled template, for `edit` callbacks. */
export const COL = Object.fromEntries(BUNDLED_TEMPLATE.header.map((h, i) => [h, i])) as Record<string, number>;
