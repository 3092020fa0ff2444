import { describe, expect, it } from 'vitest';
import { compareHeader } from '../../../lib/portal/template-check';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { MAILBOX_REPORT_HEADER } from '../../support/generate';

describe('compareHeader', () => {
  it('is exact for the template itself', () => {
    expect(compareHeader(BUNDLED_TEMPLATE.header, BUNDLED_TEMPLATE)).toMatchObject({
      exact: true,
      missing: [],
      unknown: [],
      duplicated: [],
      respelt: [],
      reordered: false,
      mailboxReport: false,
    });
  });

  it('finds missing, unknown, duplicated, re-spelt and re-ordered headings', () => {
    const header = ['ExternalSyncID', 'ID', 'first name', 'LastName', 'Notes', 'LastName'];
    const cmp = compareHeader(header, { source: 'learnt', header: ['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'EmailAddress'] });
    expect(cmp.missing).toEqual(['EmailAddress']);
    expect(cmp.unknown).toEqual([{ heading: 'Notes', index: 4 }]);
    expect(cmp.duplicated).toEqual([{ heading: 'LastName', indexes: [3, 5] }]);
    expect(cmp.respelt).toEqual([{ heading: 'first name', expected: 'FirstName', index: 2 }]);
    expect(cmp.reordered).toBe(true);
    expect(cmp.exact).toBe(false);
  });

  it('recognises a Mailbox Report', () => {
    expect(compareHeader(MAILBOX_REPORT_HEADER, BUNDLED_TEMPLATE).mailboxReport).toBe(true);
    expect(compareHeader(['EmailAddress', 'ExternalSyncID', 'Status'], BUNDLED_TEMPLATE).mailboxReport).toBe(true);
  });
});
