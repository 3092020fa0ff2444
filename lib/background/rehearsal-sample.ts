import type { Mailbox } from '../portal/mailbox';
import { namePartKey } from '../portal/normalize';
import { BUNDLED_TEMPLATE } from '../portal/template';

/**
 * A made-up report and upload for the check rehearsal (check-rehearsal.ts): nobody real, generated
 * in the worker, never stored or sent. The upload carries the mistakes real ones do, so the rehearsal
 * runs the code paths a real check runs (every rule finds something), with the same kinds of values.
 */
export interface RehearsalSample {
  orgId: string;
  /** The made-up report's mailboxes, in row order. */
  mailboxes: readonly Mailbox[];
  /** The upload file's text, in the bundled template's columns. */
  uploadText: string;
}

const FIRST: readonly string[] = ['Siân', 'Aisha', 'Oliver', 'Zoë', 'Chidi', 'Mary-Jane', 'Niamh', 'Rahul', 'Tomasz', 'Grace', 'Chloé'];
const LAST: readonly string[] = ["O'Connor", 'Smith-Jones', 'Patel', 'Nguyen', 'Okafor', 'Müller', 'Evans', 'Ó Briain', 'Campbell'];
const JOBS: readonly string[] = ['Staff Nurse', 'Healthcare Assistant', 'Consultant', 'Pharmacist', 'Administrator', 'Midwife'];
const OUS: readonly string[] = ['Acute Services', 'Community Services', 'Corporate'];
const ORG = 'REHEARSAL';

/** `rows` upload rows against a report of a few more mailboxes (the same sample every time). */
export function rehearsalSample(rows: number): RehearsalSample {
  const mailboxes: Mailbox[] = [];
  const lines = [BUNDLED_TEMPLATE.header.join(',')];
  for (let i = 0; i < rows + rows / 10; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const localId = `RHS${String(i + 1).padStart(6, '0')}`;
    const email = `${namePartKey(first)}.${namePartKey(last)}${i + 1}@nhs.net`;
    const mobile = `07700 ${900000 + i}`;
    const jobTitle = JOBS[i % JOBS.length]!;
    const ou = OUS[i % OUS.length]!;
    const leaver = i % 13 === 0;
    const deleted = i % 67 === 0;
    mailboxes.push({
      orgId: ORG,
      localId,
      email,
      status: deleted ? 'deleted' : leaver ? 'leaver' : 'active',
      statusText: deleted ? 'Deleted' : leaver ? 'Active (Leaver)' : 'Active',
      mailboxType: 'User',
      displayName: `${first} ${last}`,
      firstName: first,
      lastName: last,
      mobile,
      jobTitle,
      ou,
      extra: {},
    });
    if (i >= rows) continue;
    // Each mistake on its own stride, so most rows carry none and some carry several.
    const row = [String(200000 + i), localId, 'Dr', first, last, `${first} ${last}`, email, jobTitle, 'Cardiology', mobile, '0113 2000000', ou];
    if (i % 3 === 0) row[7] = 'Ward Manager';
    // Only the report's own columns filled: a row that changes nothing can be told.
    if (i % 4 === 1) row[2] = row[8] = row[10] = '';
    if (i % 17 === 0) row[1] = '';
    if (i % 19 === 0) row[1] = `RHS9${i}`;
    if (i % 29 === 0) row[11] = 'Corporate Services';
    if (i % 31 === 0) row[1] = `RHS${String(i).padStart(6, '0')}`;
    if (i % 37 === 0) row[4] = `${last}\u200b`;
    if (i % 41 === 0) row[9] = '07700 12';
    if (i % 43 === 0) row[6] = `someone.else${i}@nhs.net`;
    if (i % 53 === 0) row[5] = `"${last}, ${first}"`;
    if (i % 59 === 0) row[8] = '=HYPERLINK(1)';
    if (i % 61 === 0) row[1] = ` ${localId.toLowerCase()}`;
    lines.push(row.join(','));
  }
  return { orgId: ORG, mailboxes, uploadText: lines.join('\r\n') };
}
