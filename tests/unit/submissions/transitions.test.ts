import { describe, expect, it } from 'vitest';
import {
  TransitionError,
  isDueForExpiry,
  isInFlight,
  markExpired,
  markFinished,
  markProcessing,
  markProcessingUnconfirmed,
  markResultsReceived,
  markUploadClicked,
  startPreparing,
} from '../../../lib/submissions/transitions';
import type { SubmissionOutcome } from '../../../lib/submissions/types';
import { slotRequest } from './fixtures';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0);

function preparing() {
  return startPreparing(
    slotRequest('staff-march.csv', ['A1', 'A2', 'A3']),
    { id: 's1', tabId: 7, pageUrl: 'https://portal.nhs.net/Admin#/csv-upload' },
    T0,
  );
}

const outcome = (failed: string[]): SubmissionOutcome => ({
  succeeded: 3 - failed.length,
  failed: failed.length,
  unknown: 0,
  appliedLocalIds: ['A1', 'A2', 'A3'].filter((id) => !failed.includes(id)),
  failedLocalIds: failed,
});

describe('submission state machine', () => {
  it('starts preparing, holding the slot for the tab that asked, with what the history needs', () => {
    const s = preparing();
    expect(s).toMatchObject({ state: 'preparing', fileName: 'staff-march.csv', rowCount: 3, localIds: ['A1', 'A2', 'A3'], tabId: 7, createdAt: T0 });
    expect(s.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(isInFlight(s)).toBe(true);
  });

  it('moves to processing when the portal confirms the upload, and stays in flight', () => {
    const s = markProcessing(preparing(), T0 + 1000);
    expect(s).toMatchObject({ state: 'processing', processingAt: T0 + 1000 });
    expect(isInFlight(s)).toBe(true);
  });

  it('treats a second confirmation of the same upload as nothing new', () => {
    const once = markProcessing(preparing(), T0 + 1000);
    expect(markProcessing(once, T0 + 5000)).toBe(once);
  });

  it('never returns an ended submission to processing', () => {
    const finished = markFinished(markProcessing(preparing(), T0), T0 + HOUR);
    expect(() => markProcessing(finished, T0 + 2 * HOUR)).toThrow(TransitionError);
  });

  it('lets the admin mark a processing submission as finished, which frees the slot', () => {
    const s = markFinished(markProcessing(preparing(), T0), T0 + HOUR);
    expect(s).toMatchObject({ state: 'finished', endedAt: T0 + HOUR });
    expect(isInFlight(s)).toBe(false);
  });

  it('refuses to mark as finished a file that was never uploaded, pointing to release instead', () => {
    expect(() => markFinished(preparing(), T0)).toThrow(/not been uploaded yet/);
  });

  it('records the results outcome and frees the slot', () => {
    const s = markResultsReceived(markProcessing(preparing(), T0), outcome([]), { resultsFileName: 'results.csv' }, T0 + HOUR);
    expect(s).toMatchObject({ state: 'results-received', resultsFileName: 'results.csv', outcome: { succeeded: 3, failed: 0 } });
    expect(s.note).toBeUndefined();
    expect(isInFlight(s)).toBe(false);
  });

  it('adds a visible warning when some rows failed part-way', () => {
    const s = markResultsReceived(markProcessing(preparing(), T0), outcome(['A2']), { resultsFileName: 'results.csv' }, T0 + HOUR);
    expect(s.outcome?.failedLocalIds).toEqual(['A2']);
    expect(s.note).toMatch(/1 of 3 rows did not clearly succeed: do not upload the whole file again/);
  });

  it('accepts results that arrive after the submission expired or was marked finished', () => {
    const expired = markExpired(markProcessing(preparing(), T0), T0 + 25 * HOUR, 24);
    expect(markResultsReceived(expired, outcome([]), { resultsFileName: 'r.csv' }, T0 + 26 * HOUR).state).toBe('results-received');
    const finished = markFinished(markProcessing(preparing(), T0), T0 + HOUR);
    expect(markResultsReceived(finished, outcome([]), { resultsFileName: 'r.csv' }, T0 + 2 * HOUR).state).toBe('results-received');
  });

  it('expires a processing submission only after the configured time, with a note saying what to do', () => {
    const s = markProcessing(preparing(), T0);
    expect(isDueForExpiry(s, T0 + 24 * HOUR - 1, 24)).toBe(false);
    expect(isDueForExpiry(s, T0 + 24 * HOUR, 24)).toBe(true);
    expect(isDueForExpiry(s, T0 + 2 * HOUR, 2)).toBe(true);
    const expired = markExpired(s, T0 + 24 * HOUR, 24);
    expect(expired).toMatchObject({ state: 'expired', endedAt: T0 + 24 * HOUR });
    expect(expired.note).toMatch(/No results after 24 hours/);
    expect(expired.note).toMatch(/check the portal before uploading them again/);
  });

  it('never expires an ended submission', () => {
    const finished = markFinished(markProcessing(preparing(), T0), T0 + HOUR);
    expect(isDueForExpiry(finished, T0 + 100 * HOUR, 24)).toBe(false);
    expect(() => markExpired(finished, T0 + 100 * HOUR, 24)).toThrow(TransitionError);
  });

  it('does not change the submission it was given', () => {
    const s = preparing();
    const copy = structuredClone(s);
    markProcessing(s, T0 + 1);
    expect(s).toEqual(copy);
  });
});

describe('an Upload click the portal has not confirmed yet', () => {
  it('is remembered on the preparing submission', () => {
    const clicked = markUploadClicked(preparing(), T0 + 500);
    expect(clicked).toMatchObject({ state: 'preparing', uploadClickedAt: T0 + 500 });
    expect(markUploadClicked(clicked, T0 + 900)).toBe(clicked);
  });

  it('becomes processing, with a note that it is unconfirmed, when its tab goes away', () => {
    const unconfirmed = markProcessingUnconfirmed(markUploadClicked(preparing(), T0 + 500), T0 + 2000);
    expect(unconfirmed).toMatchObject({ state: 'processing', processingAt: T0 + 500 });
    expect(unconfirmed.note).toMatch(/may have been uploaded: check the portal/);
  });

  it('loses the "unconfirmed" note when the portal\u2019s confirmation arrives after all', () => {
    const unconfirmed = markProcessingUnconfirmed(markUploadClicked(preparing(), T0 + 500), T0 + 2000);
    const confirmed = markProcessing(unconfirmed, T0 + 3000);
    expect(confirmed.state).toBe('processing');
    expect(confirmed.note).toBeUndefined();
  });
});
