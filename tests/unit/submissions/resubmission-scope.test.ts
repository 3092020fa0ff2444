import { describe, expect, it } from 'vitest';
import { resubmissionScope, resubmissionScopes } from '../../../lib/submissions/resubmission-scope';
import { markExpired, markFinished, markProcessing, markResultsReceived, startPreparing } from '../../../lib/submissions/transitions';
import { slotRequest } from './fixtures';

const T0 = Date.UTC(2026, 2, 2, 9, 0);
const uploaded = () => markProcessing(startPreparing(slotRequest('march.csv', ['A1', 'A2', 'A3', 'A4']), { id: 's1' }, T0), T0 + 1);

describe('which earlier rows a new file must not repeat', () => {
  it('all rows of a file the portal is still processing', () => {
    expect(resubmissionScope(uploaded())).toMatchObject({ why: 'processing', mayBeAppliedLocalIds: ['A1', 'A2', 'A3', 'A4'] });
  });

  it('after a failure part-way, every row except those that clearly failed', () => {
    const partly = markResultsReceived(
      uploaded(),
      { succeeded: 2, failed: 1, unknown: 1, appliedLocalIds: ['A1', 'A3'], failedLocalIds: ['A2'], unknownLocalIds: ['A4'] },
      { resultsFileName: 'r.csv' },
      T0 + 2,
    );
    expect(resubmissionScope(partly)).toMatchObject({ why: 'partly-failed', mayBeAppliedLocalIds: ['A1', 'A3', 'A4'] });
  });

  it('every row of an upload that expired without results', () => {
    expect(resubmissionScope(markExpired(uploaded(), T0 + 25 * 3_600_000, 24))?.why).toBe('expired');
  });

  it('nothing for an upload that fully succeeded, was marked finished, or was never uploaded', () => {
    const ok = markResultsReceived(
      uploaded(),
      { succeeded: 4, failed: 0, unknown: 0, appliedLocalIds: ['A1', 'A2', 'A3', 'A4'], failedLocalIds: [] },
      { resultsFileName: 'r.csv' },
      T0 + 2,
    );
    expect(resubmissionScopes([ok, markFinished(uploaded(), T0 + 2), startPreparing(slotRequest('x.csv'), { id: 'p' }, T0)])).toEqual([]);
  });
});
