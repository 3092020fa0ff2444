import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mobileKey, nameKey } from '../../../lib/portal/normalize';
import { mobileOfNameMobile, nameMobileKey, rowKeys } from '../../../lib/submissions/submitted-rows';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';

describe('the name-and-mobile key an earlier upload is recognised by', () => {
  it('gives back the mobile it was made with, whatever the name (the resubmission check skips rows without it)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (first, last, mobile) => {
        const name = nameKey(first, last);
        const m = mobileKey(mobile);
        const key = nameMobileKey(name, m);
        if (name && m) expect(mobileOfNameMobile(key)).toBe(m);
        else expect(key).toBe('');
      }),
    );
  });

  it('is the key rowKeys records for a row with a name and a mobile', () => {
    const columns = resolveUploadColumns(BUNDLED_TEMPLATE.header);
    const values = BUNDLED_TEMPLATE.header.map(() => '');
    values[columns.firstName!] = 'Siân';
    values[columns.lastName!] = 'Jones';
    values[columns.mobile!] = '07700 900123';
    const keys = rowKeys(values, columns);
    expect(keys.nameMobile).not.toBe('');
    expect(mobileOfNameMobile(keys.nameMobile)).toBe(keys.mobile);
  });
});
