import fc from 'fast-check';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { CsvTable } from '../../../lib/csv/types';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';

/** Mailboxes and upload rows for property tests of the row analysis. */

// Few values, so that rows and mailboxes share local IDs, emails, mobiles and names (whole or in part).
const IDS = ['RXX1', 'RXX2', 'RXX3', ' RXX1 ', ''];
const EMAILS = ['ann@nhs.net', 'ANN@nhs.net', 'bob@nhs.net', 'cat@nhs.net', ''];
const FIRST = ['Ann', 'Bob', 'Dr Ann', 'Ann Mary', ''];
const LAST = ['Smith', 'Jones', "O'Connor", ''];
const DISPLAY = ['Ann Smith', 'Smith, Bob', 'Ann Mary Jones (NHS)', ''];
const MOBILES = ['07700 900001', '+44 7700 900001', '07700 900002', '0113 2345678', ''];

export const mailboxArb = fc.record({
  orgId: fc.constantFrom('RXX', 'RYY'),
  localId: fc.constantFrom(...IDS.slice(0, 3)),
  email: fc.constantFrom(...EMAILS),
  status: fc.constantFrom('active', 'leaver', 'deleted-permanent'),
  statusText: fc.constant(''),
  firstName: fc.constantFrom(...FIRST),
  lastName: fc.constantFrom(...LAST),
  displayName: fc.constantFrom(...DISPLAY),
  mobile: fc.constantFrom(...MOBILES),
  extra: fc.constant({} as Record<string, string>),
}) as fc.Arbitrary<Mailbox>;

export const header = BUNDLED_TEMPLATE.header;
export const columns = resolveUploadColumns(header);

/** An upload of these rows under the bundled template's header, its first row on line 2. */
export function uploadTable(rows: readonly string[][]): CsvTable {
  return {
    fileName: 'upload.csv',
    encoding: 'utf-8',
    delimiter: ',',
    lineEnding: '\r\n',
    header,
    rows: rows.map((values, i) => ({ line: i + 2, values: [...values] })),
    notes: [],
  };
}
export const rowArb = fc
  .record({
    localId: fc.constantFrom(...IDS),
    email: fc.constantFrom(...EMAILS),
    firstName: fc.constantFrom(...FIRST),
    lastName: fc.constantFrom(...LAST),
    displayName: fc.constantFrom(...DISPLAY),
    mobile: fc.constantFrom(...MOBILES),
  })
  .map((r) => {
    const values = header.map(() => '');
    for (const [role, value] of Object.entries(r)) values[columns[role as keyof typeof r]!] = value;
    return values;
  });
