import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { COL, uploadCsv, uploadRow, type Person } from '../support/generate';

/** A clean update: 50 active people, correct local IDs, a few job titles changed. */
export function goodUpdateCsv(people: readonly Person[]): string {
  const chosen = people.filter((p) => p.status === 'Active').slice(0, 50);
  return uploadCsv(chosen, (row, i) => {
    if (i % 5 === 0) row[COL.JobTitle!] = `Senior ${row[COL.JobTitle!]}`;
    return row;
  });
}

/** What each risky row does, by position in the file (0-based data row). */
export const RISKY_ROWS = {
  staleLocalId: 2,
  blankLocalId: 5,
  duplicatedLocalId: [8, 9] as const,
  ouChange: 12,
  invalidMobile: 15,
};

/**
 * A file that looks routine but would harm the directory: a stale local ID for an existing person
 * (creates a duplicate), a blank local ID (creates a duplicate), a local ID used on two rows (the second
 * overwrites the wrong person), a password column with values, an OU change and a non-UK mobile.
 */
export function riskyUpdateCsv(people: readonly Person[]): string {
  const active = people.filter((p) => p.status === 'Active');
  // Away from the good file's people when the directory is big enough.
  const start = Math.max(0, Math.min(200, active.length - 30));
  const chosen = active.slice(start, start + 30);
  const header = [...BUNDLED_TEMPLATE.header, 'Password'];
  const data = chosen.map((person, i) => {
    const row = uploadRow(person);
    if (i === RISKY_ROWS.staleLocalId) row[COL.ExternalSyncID!] = staleLocalId(person);
    if (i === RISKY_ROWS.blankLocalId) row[COL.ExternalSyncID!] = '';
    if (i === RISKY_ROWS.duplicatedLocalId[1]) row[COL.ExternalSyncID!] = chosen[RISKY_ROWS.duplicatedLocalId[0]]!.localId;
    if (i === RISKY_ROWS.ouChange) row[COL.OrganisationalUnit!] = otherOu(person.ou);
    if (i === RISKY_ROWS.invalidMobile) row[COL.MobileNumber!] = '+353 87 123 4567';
    return [...row, i % 3 === 0 ? `Welcome${1000 + i}!` : ''];
  });
  return Papa.unparse({ fields: header, data }, { newline: '\r\n' });
}

/** An ID from an old system: same organisation prefix, a number the directory has never issued. */
export function staleLocalId(person: Person): string {
  return person.localId.replace(/\d+$/, (digits) => `7${digits.slice(1)}`);
}

function otherOu(ou: string): string {
  return ou === 'Corporate' ? 'Community Services' : 'Corporate';
}
