import { describe, expect, it } from 'vitest';
import { answerFromText, compareValidationAnswer, readValidationAnswer } from '../../../lib/page/validation-answer';

describe("reading the portal's validation answer", () => {
  it.each([
    ['5 users already exist and will be updated', 5],
    ['1 user already exists and will be updated.', 1],
    ['1,204 accounts already exist and will be updated', 1204],
    ['12 Users Already Exist, and would be updated', 12],
  ])('reads "%s" as %i updates', (text, count) => {
    expect(answerFromText(text)).toEqual({ mentionsUpdates: true, updateCount: count });
  });

  it('reads each element on its own, so a line number never joins the count', () => {
    document.body.innerHTML = `<section aria-label="Validation results"><ul><li>Line 12</li></ul><h2>Users that will be updated</h2><p>5 users already exist and will be updated</p></section>`;
    expect(readValidationAnswer(document.body)).toEqual({ mentionsUpdates: true, updateCount: 5 });
  });

  it('reads a count wrapped in its own element', () => {
    document.body.innerHTML = `<p><strong>7</strong> users already exist and will be updated</p>`;
    expect(readValidationAnswer(document.body).updateCount).toBe(7);
  });

  it('finds no update answer when the results list only errors, but keeps the lines with errors', () => {
    document.body.innerHTML = `<section><li>Line 2: Mobile number is not valid</li></section>`;
    expect(readValidationAnswer(document.body)).toEqual({ mentionsUpdates: false, errorLines: [2] });
  });

  it('reads the lines the portal rejected alongside the update count', () => {
    document.body.innerHTML = `<section aria-label="Validation results"><ul><li>Line 9: Email address is not valid</li><li>Line 4 - Mobile number is not valid</li></ul><p>5 users already exist and will be updated</p></section>`;
    expect(readValidationAnswer(document.body)).toEqual({ mentionsUpdates: true, updateCount: 5, errorLines: [4, 9] });
  });
});

describe('comparing the answer with the prediction', () => {
  it('warns when the message is missing but updates were expected', () => {
    expect(compareValidationAnswer({ mentionsUpdates: false }, 10)).toEqual({ reason: 'missing', expected: 10 });
  });

  it('does not warn about a missing message for a file of new accounts', () => {
    expect(compareValidationAnswer({ mentionsUpdates: false }, 0)).toBeUndefined();
  });

  it('warns when the counts differ, and not when they agree', () => {
    expect(compareValidationAnswer({ mentionsUpdates: true, updateCount: 8 }, 10)).toEqual({
      reason: 'different-count',
      expected: 10,
      found: 8,
      portalErrorLines: [],
    });
    expect(compareValidationAnswer({ mentionsUpdates: true, updateCount: 8, errorLines: [3, 7] }, 10)).toMatchObject({ portalErrorLines: [3, 7] });
    expect(compareValidationAnswer({ mentionsUpdates: true, updateCount: 10 }, 10)).toBeUndefined();
  });
});
