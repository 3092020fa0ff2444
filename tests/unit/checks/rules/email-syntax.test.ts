import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmail } from '../../../../lib/checks/rules/invalid-field';

/** The email check as it was written before its fast path for ASCII addresses: isEmail must agree with it. */
const EMAIL = /^[^\s@",;:<>()[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Characters either side of each test: ASCII, Latin-1, Unicode spaces, invisible characters, others. */
const CHARS = [...'aZ09.-_+@"\',;:<>()[]\\ \t!#~é\u00a0\u2003\u3000\u200b\ufeff\u0100Ω'];

describe('isEmail', () => {
  it('accepts and rejects exactly what the full email pattern does, in one-byte and two-byte text', () => {
    const part = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((c) => c.join(''));
    const address = fc.tuple(part, fc.constantFrom('@', '@@', ''), part, fc.constantFrom('.net', '.nhs.uk', '', '.-x', 'é.com'));
    fc.assert(
      fc.property(address, ([local, at, domain, tld]) => {
        const email = `${local}${at}${domain}${tld}`;
        expect(isEmail(email)).toBe(EMAIL.test(email));
        // The same address cut out of a two-byte text, as a file with a character beyond U+00FF gives them.
        const inTwoByte = `\u2019,${email},x`.split(',')[1]!;
        expect(isEmail(inTwoByte)).toBe(EMAIL.test(email));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps what the portal takes and refuses what it rejects', () => {
    for (const ok of ['jane.smith@nhs.net', 'Jane.Smith2@NHS.NET', 'zoë.brontë@nhs.net', 'a+b@trust-1.nhs.uk']) expect(isEmail(ok), ok).toBe(true);
    for (const bad of ['jane smith@nhs.net', 'jane@nhs', 'jane@-nhs.net', 'jane@@nhs.net', 'jane\u00a0smith@nhs.net', '@nhs.net'])
      expect(isEmail(bad), bad).toBe(false);
  });
});
