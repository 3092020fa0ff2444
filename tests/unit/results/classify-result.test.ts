import { describe, expect, it } from 'vitest';
import { classifyResult } from '../../../lib/results/classify-result';

describe('classifying the portal\u2019s result for a row', () => {
  it.each([
    ['Updated', 'updated'],
    ['User updated successfully', 'updated'],
    ['Created', 'created'],
    ['Successfully created', 'created'],
    ['SUCCESS', undefined],
    ['Completed', undefined],
    ['ok', undefined],
  ])('"%s" is a success', (text, action) => {
    expect(classifyResult(text)).toEqual({ outcome: 'success', text, ...(action ? { action } : {}) });
  });

  it.each([
    'Failed - Mobile number must be a UK mobile number',
    'FAILED',
    'Error: user not found',
    'Invalid email address',
    'User could not be updated',
    'Not updated',
    'Rejected: duplicate local ID',
    'Unable to process row',
    'Update unsuccessful',
  ])('"%s" is a failure', (text) => {
    expect(classifyResult(text)).toEqual({ outcome: 'failure', text });
  });

  it.each(['Pending', 'Queued for processing', 'Skipped', 'Duplicate', 'Processed?? see log', '42', 'Done (partial)'])(
    '"%s" is not clearly either, so it needs the admin\u2019s attention',
    (text) => {
      expect(classifyResult(text).outcome).toBe('unknown');
    },
  );

  it('keeps the portal\u2019s own text (trimmed) to show the admin', () => {
    expect(classifyResult('  Failed - <img src=x onerror=alert(1)>  ').text).toBe('Failed - <img src=x onerror=alert(1)>');
  });

  it('treats a blank result as unknown', () => {
    expect(classifyResult('   ')).toEqual({ outcome: 'unknown', text: '' });
    expect(classifyResult(undefined)).toEqual({ outcome: 'unknown', text: '' });
  });
});

describe('results that were applied with a problem, or needed no change', () => {
  it('"Updated with warnings" was applied, so it needs review rather than a retry', () => {
    expect(classifyResult('Updated with warnings')).toEqual({ outcome: 'review', action: 'updated', text: 'Updated with warnings' });
  });
  it('"No changes" needed no change', () => {
    expect(classifyResult('No changes')).toEqual({ outcome: 'success', action: 'unchanged', text: 'No changes' });
  });
});
