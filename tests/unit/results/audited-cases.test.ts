import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { isUnsafeToRepeat } from '../../../lib/checks/submission-overlap';
import { classifyResult } from '../../../lib/results/classify-result';
import { detectResultColumn } from '../../../lib/results/detect-result-column';
import { matchSubmission } from '../../../lib/results/match-submission';
import { reconcileResults } from '../../../lib/results/reconcile';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { markExpired, markResultsReceived } from '../../../lib/submissions/transitions';
import { COL, resultsCsv, table, trackedSubmission, upload } from './fixtures';

// Issue 19, the cases in lib/results: each test failed before its fix.
const templateHeader = BUNDLED_TEMPLATE.header;

function reconciled(input: Parameters<typeof reconcileResults>[0]) {
  const result = reconcileResults(input);
  if (!result.ok) throw new Error(result.error);
  return result;
}

const asResults = (text: string) => {
  const t = table(text);
  return { header: t.header, rows: t.rows.map((r) => r.values) };
};

describe('case 3: a result that says created or updated is never a retry row', () => {
  it.each([
    'User created. Warning: mobile number invalid',
    'Account created but could not set job title',
    'Updated, but the job title was not valid',
  ])('"%s" needs review, and says what was done', (text) => {
    const c = classifyResult(text);
    expect(c.outcome).toBe('review');
    expect(c.action).toBe(/created/i.test(text) ? 'created' : 'updated');
  });

  it('"Created successfully, 0 errors" is a plain success', () => {
    expect(classifyResult('Created successfully, 0 errors')).toEqual({
      outcome: 'success',
      action: 'created',
      text: 'Created successfully, 0 errors',
    });
  });

  it('keeps created-with-a-problem rows out of the retry file and in the needs-review file', () => {
    const fresh = upload(3, (row) => row.map((v, c) => (c === COL.ID || c === COL.ExternalSyncID ? '' : v)));
    const results = ['User created. Warning: mobile number invalid', 'Account created but could not set job title', 'Failed - invalid email'];
    const r = reconciled({ table: table(resultsCsv(fresh, results)), history: [], templateHeader });
    const retry = Papa.parse<string[]>(r.report.files.retry!.content.trim(), { newline: '\r\n' }).data;
    expect(retry.slice(1).map((row) => row[COL.EmailAddress!])).toEqual([fresh.rows[2]![COL.EmailAddress!]]);
    const review = Papa.parse<string[]>(r.report.files.needsReview!.content.trim(), { newline: '\r\n' }).data;
    expect(review.slice(1).map((row) => row[COL.EmailAddress!])).toEqual([fresh.rows[0]![COL.EmailAddress!], fresh.rows[1]![COL.EmailAddress!]]);
    expect(r.report.counts).toMatchObject({ failure: 1, review: 2, success: 0 });
  });
});

describe('case 4: results matched to a different upload still processing must not free its slot', () => {
  const b = upload(5);
  const a = { header: b.header, rows: b.rows.slice(0, 3) };
  const uploadA = markExpired(trackedSubmission(a, 'a.csv', 'A'), Date.UTC(2026, 2, 3), 24);
  const uploadB = trackedSubmission(b, 'b.csv', 'B');
  // A's results re-saved in Excel: a value changed on the way, so the fingerprint no longer matches.
  const resaved = { header: a.header, rows: a.rows.map((r) => r.map((v, i) => (i === COL.MobileNumber ? v.replace(/\s/g, '') : v))) };
  const aResults = () => table(resultsCsv(resaved, ['Updated', 'Updated', 'Updated']));

  it('matches A\u2019s results to A, not to B, which is still processing', () => {
    const r = reconciled({ table: aResults(), history: [uploadB, uploadA], templateHeader });
    expect(r.match?.submission.id).toBe('A');
  });

  it('without A in the history, matches nothing and offers B to the admin instead', () => {
    const r = reconciled({ table: aResults(), history: [uploadB], templateHeader });
    expect(r.match).toBeUndefined();
    expect(r.report.candidates).toEqual([
      expect.objectContaining({
        submissionId: 'B',
        state: 'processing',
        reason: expect.stringMatching(/5 rows and is still being processed; these results have 3 rows/),
      }),
    ]);
  });

  it('does not match by local IDs when the row counts differ, even for an upload that has ended', () => {
    const b = upload(5);
    const ended = markExpired(trackedSubmission(b, 'b.csv', 'B'), Date.UTC(2026, 2, 3), 24);
    const part = { header: b.header, rows: b.rows.slice(0, 4) };
    expect(matchSubmission(asResults(resultsCsv(part, [])), [ended], templateHeader)).toBeUndefined();
  });
});

describe('case 5: rows the results leave out are missing, and the upload stays unsafe', () => {
  it('counts missing as the upload\u2019s rows minus the results rows, including a create with no local ID', () => {
    const up = upload(3, (row, i) => (i === 2 ? row.map((v, c) => (c === COL.ID || c === COL.ExternalSyncID ? '' : v)) : row));
    const tracked = trackedSubmission(up);
    const onlyUpdates = { header: up.header, rows: up.rows.slice(0, 2) };
    // The row counts differ, so the admin confirms which upload these results are for.
    const r = reconciled({
      table: table(resultsCsv(onlyUpdates, ['Updated', 'Updated'])),
      history: [tracked],
      templateHeader,
      submissionId: tracked.id,
    });
    expect(r.match?.submission.id).toBe(tracked.id);
    expect(r.report.counts).toMatchObject({ success: 2, missing: 1 });
    const after = markResultsReceived(tracked, r.outcome, { resultsFileName: 'results.csv' }, Date.UTC(2026, 2, 3));
    expect(isUnsafeToRepeat(after)).toBe(true);
  });
});

describe('case 12: empty, unheaded columns are ignored when comparing headers', () => {
  it('matches results to an upload that had trailing empty columns', () => {
    const up = upload(3);
    const header = [...up.header, '', ''];
    const rows = up.rows.map((r) => [...r, '', '']);
    const tracked = { ...trackedSubmission({ header, rows }), fingerprint: fingerprintRows(rows) };
    // The portal wrote one more blank column before its result; Excel trimmed nothing.
    const text = Papa.unparse(
      { fields: [...up.header, '', '', '', 'Result'], data: up.rows.map((r) => [...r, '', '', '', 'Updated']) },
      { newline: '\r\n' },
    );
    const match = matchSubmission(asResults(text), [tracked], templateHeader);
    expect(match).toMatchObject({ submission: { id: tracked.id }, how: 'fingerprint', column: { name: 'Result' } });
  });

  it('matches results where Excel dropped the upload\u2019s empty columns', () => {
    const up = upload(3);
    const rows = up.rows.map((r) => [...r, '']);
    const tracked = { ...trackedSubmission({ header: [...up.header, ''], rows }), fingerprint: fingerprintRows(rows) };
    const match = matchSubmission(asResults(resultsCsv(up, ['Updated', 'Updated', 'Updated'], { column: 'Result' })), [tracked], templateHeader);
    expect(match).toMatchObject({ submission: { id: tracked.id }, how: 'fingerprint' });
  });
});

describe('case 17: finding the result column without a tracked upload', () => {
  it('prefers a first-column "Result" to an unknown column such as "Line Manager"', () => {
    const header = ['Result', ...templateHeader, 'Line Manager'];
    const rows = [['Updated', ...templateHeader.map(() => 'x'), 'Jane Smith']];
    expect(detectResultColumn(header, { templateHeader, rows })).toMatchObject({ ok: true, column: { index: 0, name: 'Result' } });
  });

  it('finds a result column headed "Title", one of the template\u2019s own headings', () => {
    const header = [...templateHeader, 'Title'];
    const rows = [[...templateHeader.map((h) => (h === 'Title' ? 'Dr' : 'x')), 'Updated successfully']];
    expect(detectResultColumn(header, { templateHeader, rows })).toMatchObject({ ok: true, column: { index: templateHeader.length, name: 'Title' } });
  });
});

describe('case 20: success wording with a negated problem word is not a failure', () => {
  it('"Updated successfully \u2013 no errors" is an update', () => {
    expect(classifyResult('Updated successfully \u2013 no errors')).toMatchObject({ outcome: 'success', action: 'updated' });
  });
  it('"Not updated: no changes" is not a failure: the account already held these values', () => {
    expect(classifyResult('Not updated: no changes')).toMatchObject({ outcome: 'success', action: 'unchanged' });
  });
});
