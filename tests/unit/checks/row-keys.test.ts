import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_MAILBOX_INDEX, mailboxNameKey } from '../../../lib/checks/mailbox-index';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { displayNameKey, nameKey } from '../../../lib/portal/normalize';
import { analyseRow, rowKeysOf } from '../../../lib/checks/row-analysis';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { rowKeys } from '../../../lib/submissions/submitted-rows';

// Spaces, invisible and bidi characters, accents, titles, commas and brackets: what the key functions normalise.
const part = fc.constantFrom(
  '',
  ' ',
  '  ',
  '\u200B',
  '\u202E',
  '\uFEFF',
  '\u00AD',
  'é',
  'ø',
  '’',
  "'",
  '-',
  ',',
  '(NHS)',
  'Dr',
  'Mary',
  'Jane',
  'O',
  'Connor',
  'RXX',
  '0',
  '7',
  '07700',
  '900',
  '123',
  '+44',
  '@',
  'nhs.net',
  'A',
  'z',
);
const noisy = fc.array(part, { maxLength: 6 }).map((parts) => parts.join(''));
// Values that make keys (a UK mobile, a full name, a display name, an email, a local ID), with stray spaces and hidden characters.
const keyed = fc.constantFrom(
  'Mary',
  'Dr Mary Jane',
  "O'Connor",
  'Siân\u200B',
  ' Watson ',
  '07700 900123',
  '+44 (0)7700-900123',
  ' 447700900123\u200B',
  'RXX001',
  ' RXX\u200B002 ',
  'Mary.Watson@NHS.net',
  ' a@b.c ',
  'Watson, Dr Mary',
  'Mary Jane Watson (NHS ENGLAND)',
);
const value = fc.oneof(noisy, keyed, keyed);

describe('row keys', () => {
  it('the keys the row analysis hands to the resubmission judgement are the keys rowKeys makes from the values', () => {
    const header = BUNDLED_TEMPLATE.header;
    const columns = resolveUploadColumns(header);
    fc.assert(
      fc.property(fc.array(value, { minLength: header.length, maxLength: header.length }), (values) => {
        const analysed = analyseRow({ line: 2, values }, columns, EMPTY_MAILBOX_INDEX, false);
        // Read field by field: rowKeysOf makes the name keys only when they are read.
        const { localId, email, name, mobile, nameMobile } = rowKeysOf(analysed);
        expect({ localId, email, name, mobile, nameMobile }).toEqual(rowKeys(values, columns));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mailbox name keys', () => {
  it('the index key of a mailbox is nameKey, or else displayNameKey, as it was before it came from the cached name keys', () => {
    fc.assert(
      fc.property(value, value, value, (firstName, lastName, displayName) => {
        const mailbox: Mailbox = {
          orgId: 'RXX',
          localId: 'RXX001',
          email: '',
          status: 'active',
          statusText: 'Active',
          firstName,
          lastName,
          displayName,
          extra: {},
        };
        expect(mailboxNameKey(mailbox)).toBe(nameKey(firstName, lastName) || displayNameKey(displayName));
      }),
      { numRuns: 2000 },
    );
  });
});
