import { describe, expect, it } from 'vitest';
import { matchSubmission } from '../../../lib/results/match-submission';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { markFinished } from '../../../lib/submissions/transitions';
import { COL, resultsCsv, table, trackedSubmission, upload } from './fixtures';

const template = BUNDLED_TEMPLATE.header;
const asResults = (text: string) => {
  const t = table(text);
  return { header: t.header, rows: t.rows.map((r) => r.values) };
};

describe('matching a results file to the tracked upload', () => {
  it('matches the same rows exactly, by fingerprint', () => {
    const up = upload(4);
    const tracked = trackedSubmission(up);
    const match = matchSubmission(asResults(resultsCsv(up, ['Updated', 'Updated', 'Updated', 'Updated'])), [tracked], template);
    expect(match).toMatchObject({ submission: { id: 'sub-1' }, how: 'fingerprint', column: { name: 'Upload Result' } });
  });

  it('matches by local IDs when the portal changed some values on the way back', () => {
    const up = upload(4);
    const tracked = trackedSubmission(up);
    const changed = { header: up.header, rows: up.rows.map((r) => r.map((v, i) => (i === COL.MobileNumber ? v.replace(/\s/g, '') : v))) };
    expect(matchSubmission(asResults(resultsCsv(changed, [])), [tracked], template)).toMatchObject({ how: 'local-ids', submission: { id: 'sub-1' } });
  });

  it('finds nothing for a different file', () => {
    const tracked = trackedSubmission(upload(4));
    const other = upload(3, (row) => row.map((v, i) => (i === COL.ExternalSyncID ? `ZZ${v}` : v)));
    expect(matchSubmission(asResults(resultsCsv(other, [])), [tracked], template)).toBeUndefined();
  });

  it('prefers the upload in flight when the same file was uploaded before', () => {
    const up = upload(4);
    const earlier = markFinished({ ...trackedSubmission(up, 'staff.csv', 'old'), createdAt: 1 }, 2);
    const now = trackedSubmission(up, 'staff.csv', 'new');
    expect(matchSubmission(asResults(resultsCsv(up, [])), [earlier, now], template)?.submission.id).toBe('new');
  });
});
