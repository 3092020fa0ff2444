import { describe, expect, it } from 'vitest';
import { decideAcquire, findHolder, preparingStaleReason, slotStatusFor } from '../../../lib/submissions/slot-rules';
import { markFinished, markProcessing, startPreparing } from '../../../lib/submissions/transitions';
import { slotRequest } from './fixtures';

const T0 = Date.UTC(2026, 2, 2, 9, 0);
const PAGE = 'https://portal.nhs.net/Admin#/csv-upload';
const held = (tabId = 1) => startPreparing(slotRequest('first.csv'), { id: 'held', tabId, pageUrl: PAGE, sessionId: 'session-1' }, T0);

describe('slot decisions', () => {
  it('grants a free slot', () => {
    const d = decideAcquire(undefined, slotRequest('a.csv'), { id: 'n', tabId: 2 }, T0);
    expect(d).toMatchObject({ granted: true, submission: { id: 'n', state: 'preparing', tabId: 2 } });
  });

  it('refuses another tab while one is preparing, saying which file and tab holds it', () => {
    const d = decideAcquire(held(1), slotRequest('b.csv'), { id: 'n', tabId: 2 }, T0 + 5);
    expect(d).toEqual({
      granted: false,
      slot: {
        state: 'held',
        yours: false,
        submission: expect.objectContaining({ fileName: 'first.csv', tabId: 1, state: 'preparing', createdAt: T0 }),
      },
    });
  });

  it('lets the holding tab change its file, replacing its earlier one', () => {
    const d = decideAcquire(held(1), slotRequest('changed.csv', ['Z9']), { id: 'n', tabId: 1 }, T0 + 5);
    expect(d).toMatchObject({ granted: true, submission: { id: 'n', fileName: 'changed.csv' }, replaces: { id: 'held' } });
  });

  it('keeps the same submission when the holding tab asks again for the same file (Validate, then Upload)', () => {
    const d = decideAcquire(held(1), slotRequest('first.csv'), { id: 'n', tabId: 1 }, T0 + 5);
    expect(d).toMatchObject({ granted: true, submission: { id: 'held', updatedAt: T0 + 5 } });
    expect(d.granted && d.replaces).toBeFalsy();
  });

  it('refuses even the uploading tab while the portal is processing', () => {
    const processing = markProcessing(held(1), T0 + 10);
    const d = decideAcquire(processing, slotRequest('again.csv'), { id: 'n', tabId: 1 }, T0 + 20);
    expect(d).toMatchObject({ granted: false, slot: { state: 'held', yours: false, submission: { state: 'processing', processingAt: T0 + 10 } } });
  });

  it('says "yours" only to the tab that may upload', () => {
    expect(slotStatusFor(held(1), 1)).toMatchObject({ state: 'held', yours: true });
    expect(slotStatusFor(held(1), 2)).toMatchObject({ state: 'held', yours: false });
    expect(slotStatusFor(held(1), undefined)).toMatchObject({ state: 'held', yours: false });
    expect(slotStatusFor(markFinished(markProcessing(held(1), T0), T0), 1)).toEqual({ state: 'free' });
  });

  it('finds the in-flight submission among the history, preferring a processing one', () => {
    const ended = markFinished(markProcessing(held(1), T0), T0 + 1);
    expect(findHolder([ended])).toBeUndefined();
    const processing = { ...markProcessing(held(3), T0), id: 'p' };
    expect(findHolder([ended, held(1), processing])?.id).toBe('p');
  });

  describe('a preparing slot whose tab has gone', () => {
    const facts = { tabExists: true, tabUrl: PAGE, sessionId: 'session-1', now: T0 + 60_000, maxPreparingMs: 24 * 3_600_000 };

    it('still stands while its tab is on the upload page', () => {
      expect(preparingStaleReason(held(), facts)).toBeUndefined();
      expect(preparingStaleReason(held(), { ...facts, tabUrl: 'https://portal.nhs.net/Admin#/viewDetails/x@nhs.net' })).toBeUndefined();
    });

    it('is released when the tab closed, left the portal page, or the browser restarted', () => {
      expect(preparingStaleReason(held(), { ...facts, tabExists: false })).toBe('tab-closed');
      expect(preparingStaleReason(held(), { ...facts, tabUrl: 'https://www.example.org/' })).toBe('navigated-away');
      expect(preparingStaleReason(held(), { ...facts, tabUrl: undefined })).toBe('navigated-away');
      expect(preparingStaleReason(held(), { ...facts, sessionId: 'session-2' })).toBe('browser-restarted');
      expect(preparingStaleReason(held(), { ...facts, now: T0 + 25 * 3_600_000 })).toBe('idle');
    });

    it('never applies to a processing submission: the portal is still working', () => {
      const processing = markProcessing(held(), T0);
      expect(preparingStaleReason(processing, { ...facts, tabExists: false, sessionId: 'session-2' })).toBeUndefined();
    });
  });
});
