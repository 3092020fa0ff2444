import { describe, expect, it } from 'vitest';
import { splitHiddenCharacters } from '../../../lib/page/visible-characters';

describe('hidden characters', () => {
  it('leaves ordinary text, accents and apostrophes alone', () => {
    expect(splitHiddenCharacters('Siân O’Connor')).toEqual([{ text: 'Siân O’Connor' }]);
  });

  it('picks out zero-width spaces, bidi controls and the byte-order mark', () => {
    expect(splitHiddenCharacters('RXX\u200B1\u202E\uFEFF')).toEqual([
      { text: 'RXX' },
      { hidden: '\u200B', codePoint: 'U+200B' },
      { text: '1' },
      { hidden: '\u202E', codePoint: 'U+202E' },
      { hidden: '\uFEFF', codePoint: 'U+FEFF' },
    ]);
  });
});
