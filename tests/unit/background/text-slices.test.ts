import { describe, expect, it } from 'vitest';
import { SliceError, TextSlices } from '../../../lib/background/text-slices';
import { sliceText } from '../../../lib/page/text-slices';

describe('putting a file sent in slices back together', () => {
  const file = 'ID,ExternalSyncID\r\n1,RXX1\r\n2,RXX2 é😀\r\n';

  it('gives back exactly the file, whatever order the slices arrive in', () => {
    const parts = sliceText(file, 7);
    const slices = new TextSlices();
    const order = parts.map((_, i) => i).reverse();
    for (const i of order) slices.add('check-1', i, parts.length, parts[i]!);
    expect(slices.take('check-1', parts.length)).toBe(file);
  });

  it('never cuts between the two halves of an emoji', () => {
    const parts = sliceText('ab😀cd😀', 3);
    expect(parts.join('')).toBe('ab😀cd😀');
    for (const part of parts) expect(part).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });

  it('fails clearly when a slice is missing', () => {
    const slices = new TextSlices();
    slices.add('check-1', 0, 3, 'ab');
    slices.add('check-1', 2, 3, 'ef');
    expect(() => slices.take('check-1', 3)).toThrow(/Part 2 of 3 of the file did not reach/);
  });

  it('fails the whole file when a slice arrives twice with other text, rather than guess which is right', () => {
    const slices = new TextSlices();
    slices.add('check-1', 0, 2, 'ab');
    expect(() => slices.add('check-1', 0, 2, 'xx')).toThrow(/Part 1 of the file arrived twice, with different text/);
    expect(() => slices.add('check-1', 1, 2, 'cd')).toThrow(SliceError);
    expect(() => slices.take('check-1', 2)).toThrow(/arrived twice/);
  });

  it('takes the file sent again under its one id (checked again before the first check was asked for) as the same file', () => {
    const slices = new TextSlices();
    const parts = sliceText(file, 7);
    // The first sending was abandoned after its slices (the admin asked to check again); the second repeats them.
    for (const [i, part] of parts.entries()) slices.add('check-1', i, parts.length, part, 5);
    for (const [i, part] of parts.entries()) expect(slices.add('check-1', i, parts.length, part, 5)).toBe(parts.length);
    expect(slices.take('check-1', parts.length)).toBe(file);
  });

  it('fails when the slices disagree about how many there are, or one is outside the count', () => {
    const slices = new TextSlices();
    slices.add('check-1', 0, 2, 'ab');
    expect(() => slices.add('check-1', 1, 3, 'cd')).toThrow(/said it had 3 parts, not 2/);
    const other = new TextSlices();
    expect(() => other.add('check-2', 2, 2, 'cd')).toThrow(/outside its 2 parts/);
    const counted = new TextSlices();
    counted.add('check-3', 0, 1, 'ab');
    expect(() => counted.take('check-3', 2)).toThrow(/sent in 1 parts, but the check expected 2/);
  });

  it('says the file never arrived when the worker restarted between the slices and the check', () => {
    expect(() => new TextSlices().take('check-1', 2)).toThrow(/None of the file reached/);
  });

  it('keeps only the newest unfinished file of a tab, and forgets a file once taken', () => {
    const slices = new TextSlices();
    slices.add('old', 0, 2, 'ab', 5);
    slices.add('new', 0, 1, 'cd', 5);
    expect(() => slices.take('old', 2)).toThrow(/None of the file reached/);
    expect(slices.take('new', 1)).toBe('cd');
    expect(() => slices.take('new', 1)).toThrow(/None of the file reached/);
  });
});
