import Papa from 'papaparse';
import type { RuleId } from '../../lib/checks/types';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { COL, uploadRow, type Person } from '../../tests/support/generate';

/**
 * A large upload file of updates with a problem of each row-level rule planted at a fixed rhythm,
 * so every size carries the same proportion of problems (one planted row in four) and the checks do
 * their full work: matching, duplicate search, identity comparison, field checks.
 * File-level problems: a Password column (password-column), an extra "Notes" column (header), and
 * more rows than the batch size (batch-size). Rows of people who are not Active give inactive-account
 * on their own (about 3% of generated people).
 */

/** Every PLANT_PERIOD rows, the row at each slot below carries that problem. */
export const PLANT_PERIOD = 48;

const SLOT = {
  missingLocalId: 0,
  unknownLocalId: 1,
  probableDuplicate: 2,
  identityMismatch: 3,
  /** Slot 5 repeats slot 4's row: both get duplicate-local-id. */
  duplicateOf: 4,
  duplicate: 5,
  ouChange: 6,
  badMobile: 7,
  badEmail: 8,
  invisibleCharacter: 9,
  noChange: 10,
  password: 11,
  /** Rows an earlier, still-processing submission also had, with the same values. */
  resubmitted: 12,
} as const;

/** The rules this file is built to trigger (stale-report comes from the report, not the file). */
export const PLANTED_RULES: readonly RuleId[] = [
  'missing-local-id',
  'unknown-local-id',
  'probable-duplicate',
  'identity-mismatch',
  'duplicate-local-id',
  'ou-change',
  'invalid-field',
  'suspicious-characters',
  'no-change',
  'password-column',
  'resubmission',
  'inactive-account',
  'header',
  'batch-size',
];

export const PLANTED_HEADER = [...BUNDLED_TEMPLATE.header, 'Password', 'Notes'];

const OTHER_OU: Record<string, string> = { 'Acute Services': 'Corporate', 'Community Services': 'Acute Services', Corporate: 'Community Services' };

function pad(n: number): string {
  return String(n).padStart(6, '0');
}

/** Someone who is not in the Mailbox Report at all (a new starter). */
function newStarter(row: string[], i: number): string[] {
  const out = [...row];
  out[COL.ID!] = '';
  out[COL.FirstName!] = 'New';
  out[COL.LastName!] = `Starter${i}`;
  out[COL.DisplayName!] = `New Starter${i}`;
  out[COL.EmailAddress!] = `new.starter${i}@nhs.net`;
  out[COL.MobileNumber!] = `07800 ${pad(i)}`;
  return out;
}

function plantedRow(people: readonly Person[], i: number): string[] {
  const slot = i % PLANT_PERIOD;
  const person = slot === SLOT.duplicate ? people[i - 1]! : people[i]!;
  const row = uploadRow(person);
  // An ordinary row is a real update: the job title changes.
  row[COL.JobTitle!] = `${person.jobTitle} (Band ${5 + (i % 4)})`;
  let password = '';
  switch (slot) {
    case SLOT.missingLocalId:
      return [...newStarter(row, i).map((v, c) => (c === COL.ExternalSyncID ? '' : v)), '', ''];
    case SLOT.unknownLocalId:
      return [...newStarter(row, i).map((v, c) => (c === COL.ExternalSyncID ? `ZZZ${pad(i)}` : v)), '', ''];
    case SLOT.probableDuplicate:
      row[COL.ID!] = '';
      row[COL.ExternalSyncID!] = '';
      break;
    case SLOT.identityMismatch:
      // Someone else's local ID, from the half of the organisation no file row uses.
      row[COL.ExternalSyncID!] = people[people.length - 1 - i]!.localId;
      break;
    case SLOT.ouChange:
      row[COL.OrganisationalUnit!] = OTHER_OU[person.ou] ?? 'Corporate';
      break;
    case SLOT.badMobile:
      row[COL.MobileNumber!] = '+1 555 0100';
      break;
    case SLOT.badEmail:
      row[COL.EmailAddress!] = person.email.replace('@', ' at ');
      break;
    case SLOT.invisibleCharacter:
      row[COL.ExternalSyncID!] = `${person.localId.slice(0, 5)}\u200b${person.localId.slice(5)}`;
      break;
    case SLOT.noChange:
      // Every value as in the report, and nothing in the columns the report lacks.
      row[COL.JobTitle!] = person.jobTitle;
      row[COL.Title!] = '';
      row[COL.Department!] = '';
      row[COL.TelephoneNumber!] = '';
      break;
    case SLOT.password:
      password = `Winter${i}!`;
      break;
  }
  return [...row, password, ''];
}

/**
 * An upload of `rows` rows for `rows` people of the report from the `from`th (the first by default);
 * `people` must hold at least twice as many as `rows`, and as many as `from + rows`.
 */
export function plantedUploadCsv(people: readonly Person[], rows: number, from = 0): string {
  return Papa.unparse({ fields: PLANTED_HEADER, data: plantedRows(people, rows, from) }, { newline: '\r\n' });
}

/** The data rows of plantedUploadCsv (an earlier upload of the same file). */
export function plantedRows(people: readonly Person[], rows: number, from = 0): string[][] {
  const needed = Math.max(rows * 2, from + rows);
  if (people.length < needed) throw new Error(`plantedUploadCsv needs at least ${needed} people for ${rows} rows from the ${from}th.`);
  const data: string[][] = [];
  for (let i = from; i < from + rows; i++) data.push(plantedRow(people, i));
  return data;
}

/**
 * The rows an earlier, still-processing submission also had (for the resubmission rule), over the first
 * `rows` rows: the same rows byte for byte, since an update row with other values is a new change, not a repeat.
 */
export function resubmittedRows(people: readonly Person[], rows: number): string[][] {
  const repeated: string[][] = [];
  for (let i = SLOT.resubmitted; i < rows; i += PLANT_PERIOD) repeated.push(plantedRow(people, i));
  return repeated;
}
