import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks/engine';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { planRemainder, type RemainderPlan } from '../../../lib/output/remainder';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox, ReportMeta } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import { predictedRows } from '../../../lib/submissions/submitted-rows';
import { markExpired, markFinished, markProcessing, markResultsReceived, startPreparing } from '../../../lib/submissions/transitions';
import type { Submission, SubmissionOutcome } from '../../../lib/submissions/types';
import { COL, type Person } from '../../support/generate';
import { mailboxOf, NOW, people, table, uploadCsv } from '../checks/helpers';

const HOUR = 3_600_000;
const UPLOADED_AT = NOW - 3 * HOUR;

const staff = people(6);
/** The new starter: not in any report before the upload. */
const N9: Person = {
  ...staff[5]!,
  portalId: '',
  localId: '',
  firstName: 'Nia',
  lastName: 'Newstart',
  displayName: 'Nia Newstart',
  email: 'nia.newstart@nhs.net',
  mobile: '07700 955555',
};
const [A1, A2, A3] = [staff[0]!, staff[1]!, staff[2]!];

/** Rows that change the job title only (other descriptive cells blank), so a report can show them applied. */
function rowsFor(list: readonly Person[], edit?: (row: string[], i: number) => string[]): string {
  return uploadCsv(list, (row, i) => {
    const r = [...row];
    r[COL.Title!] = '';
    r[COL.Department!] = '';
    r[COL.TelephoneNumber!] = '';
    r[COL.JobTitle!] = 'Ward Manager';
    return edit ? edit(r, i) : r;
  });
}

const EARLIER = rowsFor([A1, A2, A3, N9]);
const before = [A1, A2, A3].map((p) => mailboxOf(p));

function report(takenAt: number, fileName = 'Mailbox Report.csv'): ReportMeta {
  return { orgId: 'RXX', orgLabel: 'Trust RXX', fileName, importedAt: takenAt, rowCount: 0, rowsWithoutLocalId: 0, columns: [] };
}
const OLDER = report(UPLOADED_AT - 24 * HOUR);
const NEWER = report(UPLOADED_AT + HOUR, 'Mailbox Report (after).csv');

/** The submission CSV Guard keeps when this text is uploaded: the prediction made against `known`. */
function submitted(text: string, known: Mailbox[] = before, reports: ReportMeta[] = [OLDER]): Submission {
  const t = table(text, 'monday.csv');
  const columns = resolveUploadColumns(t.header);
  const result = runChecks({
    table: t,
    template: BUNDLED_TEMPLATE,
    columns,
    mailboxes: buildMailboxIndex(known),
    reports,
    settings: { batchSize: 500, staleReportDays: 30 },
    submissions: [],
    now: UPLOADED_AT,
  });
  const preparing = startPreparing(
    {
      fileName: 'monday.csv',
      fingerprint: fingerprintRows(t.rows.map((r) => r.values)),
      rowCount: t.rows.length,
      header: t.header,
      localIds: t.rows.map((r) => r.values[COL.ExternalSyncID!]!).filter(Boolean),
      predictedUpdateLocalIds: result.predictedUpdateLocalIds,
      ...predictedRows(t, columns, result.predictedUpdateLocalIds),
    },
    { id: 's1' },
    UPLOADED_AT - 60_000,
  );
  return markProcessing(preparing, UPLOADED_AT);
}

/** A report entry for a person after the upload applied their row (job title changed). */
const applied = (p: Person, overrides: Partial<Mailbox> = {}): Mailbox => mailboxOf(p, 'RXX', { jobTitle: 'Ward Manager', ...overrides });
/** N9 as the portal created it: a new local ID when the row had none. */
const created = (overrides: Partial<Mailbox> = {}): Mailbox =>
  mailboxOf({ ...N9, localId: 'NEW000001' }, 'RXX', { jobTitle: 'Ward Manager', status: 'pending', ...overrides });

function plan(text: string, submission: Submission, mailboxes: Mailbox[], reports: ReportMeta[]): RemainderPlan {
  const t = table(text);
  const input = {
    table: t,
    columns: resolveUploadColumns(t.header),
    submissions: [submission],
    reports,
    mailboxes: buildMailboxIndex(mailboxes),
    now: NOW,
  };
  const judged = planRemainder(input);
  // The background plans from what the check's resubmission rule already judged (same evidence): the same plan.
  const checked = runChecks({ ...input, template: BUNDLED_TEMPLATE, settings: { batchSize: 500, staleReportDays: 30 } });
  expect(planRemainder({ ...input, overlaps: checked.submissionOverlaps ?? [] })).toEqual(judged);
  return judged;
}

/** Names of the kept rows ('A1'…) and of the left-out rows with why. */
function shape(p: RemainderPlan, list: readonly Person[] = [A1, A2, A3, N9]) {
  const name = (i: number) => ['A1', 'A2', 'A3', 'N9'][[A1, A2, A3, N9].indexOf(list[i]!)] ?? `row${i}`;
  return { kept: p.kept.map(name), leftOut: p.leftOut.map((r) => `${name(r.index)}:${r.why}`) };
}

function outcome(o: Partial<SubmissionOutcome>): SubmissionOutcome {
  return { succeeded: 0, failed: 0, unknown: 0, appliedLocalIds: [], failedLocalIds: [], ...o };
}

describe('remainder: the earlier rows split by update and create', () => {
  it('the issue case: still processing, report older than the upload, no results: the three updates kept, the new starter withheld', () => {
    const p = plan(EARLIER, submitted(EARLIER), before, [OLDER]);
    expect(shape(p)).toEqual({ kept: ['A1', 'A2', 'A3'], leftOut: ['N9:cannot-tell'] });
    expect(p.refused).toMatchObject({ stillProcessing: true });
    expect(p.refused!.message).toMatch(/Import a Mailbox Report downloaded after 3 Mar 2025, 09:00 to see which accounts were created/);
    expect(p.refused!.reportAge).toMatch(/"Mailbox Report.csv" was imported 1 day|27 hours ago/);
    expect(p.summary[0]).toMatch(/^3 updates kept: .*sending it again is safe/);
    expect(p.leftOut[0]!.reason).toMatch(/Cannot tell yet: this row was to create a new account in "monday.csv"/);
  });

  it('ended without results (expired, then marked finished), report older: same answer, and no remainder offered', () => {
    const finished = markFinished(markExpired(submitted(EARLIER), UPLOADED_AT + 2 * HOUR, 1), UPLOADED_AT + 2 * HOUR);
    const p = plan(EARLIER, finished, before, [OLDER]);
    expect(shape(p)).toEqual({ kept: ['A1', 'A2', 'A3'], leftOut: ['N9:cannot-tell'] });
    expect(p.refused).toMatchObject({
      stillProcessing: false,
      message: 'Import a Mailbox Report downloaded after 3 Mar 2025, 09:00 to see which accounts were created.',
    });
  });

  it('report newer than an ended upload, nothing applied: every row kept, nothing refused', () => {
    const p = plan(EARLIER, markFinished(submitted(EARLIER), UPLOADED_AT + 2 * HOUR), before, [NEWER]);
    expect(shape(p)).toEqual({ kept: ['A1', 'A2', 'A3', 'N9'], leftOut: [] });
    expect(p.refused).toBeUndefined();
  });

  it('report newer, part applied: the update it shows and the new starter it shows are left out as applied, with the evidence', () => {
    const after = [applied(A1), mailboxOf(A2), mailboxOf(A3), created()];
    const p = plan(EARLIER, markFinished(submitted(EARLIER), UPLOADED_AT + 2 * HOUR), after, [NEWER]);
    expect(shape(p)).toEqual({ kept: ['A2', 'A3'], leftOut: ['A1:applied', 'N9:applied'] });
    expect(p.leftOut[0]!.reason).toMatch(
      /Already applied: this update was in "monday.csv", and the Mailbox Report "Mailbox Report \(after\).csv" of .* already shows its values/,
    );
    expect(p.leftOut[1]!.reason).toMatch(/this new account .* shows Nia Newstart \(nia.newstart@nhs.net, local ID NEW000001\)/);
  });

  it('a created account is recognised by name and mobile when the portal gave it another address', () => {
    const after = [...before, created({ email: 'nia.newstart2@nhs.net' })];
    const p = plan(EARLIER, markFinished(submitted(EARLIER), UPLOADED_AT + 2 * HOUR), after, [NEWER]);
    expect(shape(p).leftOut).toEqual(['N9:applied']);
  });

  it('a create with a local ID is recognised by that local ID', () => {
    const withId = rowsFor([A1, A2, A3, { ...N9, localId: 'RXX900009', email: '' }]);
    const after = [...before, created({ localId: 'RXX900009', email: 'someone.else@nhs.net', mobile: '' })];
    const p = plan(withId, markFinished(submitted(withId), UPLOADED_AT + 2 * HOUR), after, [NEWER]);
    expect(shape(p)).toEqual({ kept: ['A1', 'A2', 'A3'], leftOut: ['N9:applied'] });
    // Not in the newer report: not created, so kept.
    expect(shape(plan(withId, markFinished(submitted(withId), UPLOADED_AT + 2 * HOUR), before, [NEWER])).kept).toEqual(['A1', 'A2', 'A3', 'N9']);
  });

  it('a report taken while the upload is still processing shows what is done, but cannot show a create is not coming', () => {
    const p = plan(EARLIER, submitted(EARLIER), [applied(A1), mailboxOf(A2), mailboxOf(A3)], [NEWER]);
    expect(shape(p)).toEqual({ kept: ['A2', 'A3'], leftOut: ['A1:applied', 'N9:cannot-tell'] });
    expect(p.refused!.stillProcessing).toBe(true);
  });

  it('with reconciled results and an older report: applied by the results left out, failed and unclear updates kept, an unreported blank-ID create withheld', () => {
    const s = markResultsReceived(
      submitted(EARLIER),
      outcome({ succeeded: 1, failed: 1, unknown: 2, appliedLocalIds: [A1.localId], failedLocalIds: [A2.localId], unknownLocalIds: [A3.localId] }),
      { resultsFileName: 'results.csv' },
      UPLOADED_AT + HOUR,
    );
    const p = plan(EARLIER, s, before, [OLDER]);
    expect(shape(p)).toEqual({ kept: ['A2', 'A3'], leftOut: ['A1:applied', 'N9:cannot-tell'] });
    expect(p.leftOut[0]!.reason).toMatch(/the results of "results.csv" say it was applied/);
  });

  it('keeps a new change to an account whose earlier row the results say was applied: it is not a repeat (harm simulator, seed 20261345)', () => {
    const s = markResultsReceived(
      submitted(EARLIER),
      outcome({ succeeded: 1, unknown: 3, appliedLocalIds: [A1.localId], unknownLocalIds: [A2.localId, A3.localId] }),
      { resultsFileName: 'results.csv' },
      UPLOADED_AT + HOUR,
    );
    // Tuesday's file: A1 again, now as Matron (a new change), and A2 as it was on Monday.
    const tuesday = rowsFor([A1, A2], (row, i) => (i === 0 ? Object.assign(row, { [COL.JobTitle!]: 'Matron' }) : row));
    const p = plan(tuesday, s, before, [OLDER]);
    expect(shape(p, [A1, A2])).toEqual({ kept: ['A1', 'A2'], leftOut: [] });
    expect(p.summary).toContain('1 row kept: not in an earlier upload.');
    // Monday's A1 row itself is still left out as applied.
    expect(shape(plan(rowsFor([A1, A2]), s, before, [OLDER]), [A1, A2])).toEqual({ kept: ['A2'], leftOut: ['A1:applied'] });
  });

  it('with results covering a create by its local ID: created is applied, failed is kept, without any newer report', () => {
    const withId = rowsFor([A1, A2, A3, { ...N9, localId: 'RXX900009' }]);
    const createdByResults = markResultsReceived(
      submitted(withId),
      outcome({ succeeded: 4, appliedLocalIds: [A1, A2, A3].map((p) => p.localId).concat('RXX900009') }),
      { resultsFileName: 'r.csv' },
      UPLOADED_AT + HOUR,
    );
    // every row applied: nothing unsafe is left to repeat, so nothing overlaps
    expect(shape(plan(withId, { ...createdByResults, outcome: { ...createdByResults.outcome!, unknown: 1 } }, before, [OLDER]))).toEqual({
      kept: [],
      leftOut: ['A1:applied', 'A2:applied', 'A3:applied', 'N9:applied'],
    });
    const failedByResults = markResultsReceived(
      submitted(withId),
      outcome({
        succeeded: 3,
        failed: 1,
        appliedLocalIds: [A1.localId],
        failedLocalIds: ['RXX900009'],
        unknownLocalIds: [A2.localId, A3.localId],
        unknown: 2,
      }),
      { resultsFileName: 'r.csv' },
      UPLOADED_AT + HOUR,
    );
    const p = plan(withId, failedByResults, before, [OLDER]);
    expect(shape(p)).toEqual({ kept: ['A2', 'A3', 'N9'], leftOut: ['A1:applied'] });
    expect(p.refused).toBeUndefined();
  });

  it('with results and a newer report: a create the results call failed but the report shows is still left out', () => {
    const withId = rowsFor([A1, A2, A3, { ...N9, localId: 'RXX900009' }]);
    const s = markResultsReceived(
      submitted(withId),
      outcome({ succeeded: 3, failed: 1, appliedLocalIds: [A1, A2, A3].map((p) => p.localId), failedLocalIds: ['RXX900009'] }),
      { resultsFileName: 'r.csv' },
      UPLOADED_AT + HOUR,
    );
    const p = plan(withId, s, [...before, created({ localId: 'RXX900009' })], [NEWER]);
    expect(shape(p).leftOut).toContain('N9:applied');
  });

  it('recognises the blank-ID new starter in an edited file by email, and by name and mobile', () => {
    const s = submitted(EARLIER);
    const retitled = rowsFor([A2, N9], (r, i) => (i === 1 ? Object.assign(r, { [COL.JobTitle!]: 'Sister' }) : r));
    expect(shape(plan(retitled, s, before, [OLDER]), [A2, N9])).toEqual({ kept: ['A2'], leftOut: ['N9:cannot-tell'] });
    const newAddress = rowsFor([N9], (r) => Object.assign(r, { [COL.EmailAddress!]: 'nia.n@nhs.net' }));
    expect(shape(plan(newAddress, s, before, [OLDER]), [N9]).leftOut).toEqual(['N9:cannot-tell']);
    const someoneElse = rowsFor([{ ...N9, email: 'other@nhs.net', mobile: '07700 911111' }]);
    expect(plan(someoneElse, s, before, [OLDER]).leftOut).toEqual([]);
  });

  it('reads submissions kept before the prediction was (no predictedCreates, no predictedUpdateLocalIds) conservatively', () => {
    const s = submitted(EARLIER);
    const { predictedCreates: _c, ...noCreates } = s;
    // Same file: the blank-ID row is a create; rows predicted as updates stay updates.
    expect(shape(plan(EARLIER, noCreates, before, [OLDER]))).toEqual({ kept: ['A1', 'A2', 'A3'], leftOut: ['N9:cannot-tell'] });
    // No prediction at all: a local-ID row could have been a create, so it waits for a newer report too.
    const { predictedUpdateLocalIds: _u, ...nothing } = noCreates;
    expect(shape(plan(EARLIER, nothing, before, [OLDER]))).toEqual({
      kept: [],
      leftOut: ['A1:cannot-tell', 'A2:cannot-tell', 'A3:cannot-tell', 'N9:cannot-tell'],
    });
    expect(shape(plan(EARLIER, markFinished(nothing, UPLOADED_AT + HOUR), [applied(A1), mailboxOf(A2), mailboxOf(A3)], [NEWER]))).toEqual({
      kept: ['A2', 'A3', 'N9'],
      leftOut: ['A1:applied'],
    });
  });

  it('keeps rows that were in no earlier upload', () => {
    const wider = rowsFor([A1, staff[3]!]);
    const p = plan(wider, submitted(EARLIER), before, [OLDER]);
    expect(p.kept).toEqual([0, 1]);
    expect(p.summary).toContain('1 row kept: not in an earlier upload.');
  });
});

describe('remainder: properties', () => {
  const rowsArb = fc.record({
    // which of A1–A3 and N9 the portal applied before stopping
    applied: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
    createdBy: fc.constantFrom<'email' | 'name-and-mobile'>('email', 'name-and-mobile'),
    newerReport: fc.boolean(),
    state: fc.constantFrom('processing', 'expired', 'finished', 'results-received'),
    // what reconciled results say of each local-ID row (when state is results-received)
    results: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom('applied', 'failed', 'unknown'))),
    n9HasLocalId: fc.boolean(),
  });

  it('never keeps a create the newer report shows, and never drops an update without evidence', () => {
    fc.assert(
      fc.property(rowsArb, (c) => {
        const n9 = c.n9HasLocalId ? { ...N9, localId: 'RXX900009' } : N9;
        const text = rowsFor([A1, A2, A3, n9]);
        let s = submitted(text);
        if (c.state === 'expired') s = markExpired(s, UPLOADED_AT + HOUR, 1);
        if (c.state === 'finished') s = markFinished(s, UPLOADED_AT + HOUR);
        if (c.state === 'results-received') {
          const ids = [A1, A2, A3].map((p) => p.localId);
          s = markResultsReceived(
            s,
            outcome({
              appliedLocalIds: ids.filter((_, i) => c.results[i] === 'applied'),
              failedLocalIds: ids.filter((_, i) => c.results[i] === 'failed'),
              unknown: 1 + c.results.filter((r) => r === 'unknown').length,
            }),
            { resultsFileName: 'r.csv' },
            UPLOADED_AT + HOUR,
          );
        }
        const people = [A1, A2, A3];
        const mailboxes = people.map((p, i) => (c.newerReport && c.applied[i] ? applied(p) : mailboxOf(p)));
        const n9Exists = c.newerReport && c.applied[3];
        if (n9Exists)
          mailboxes.push(
            created(
              c.createdBy === 'email'
                ? { localId: n9.localId || 'NEW000001' }
                : { localId: n9.localId || 'NEW000001', email: 'nia.newstart2@nhs.net' },
            ),
          );
        const p = plan(text, s, mailboxes, [c.newerReport ? NEWER : OLDER]);

        if (n9Exists) expect(p.kept).not.toContain(3);
        for (const r of p.leftOut.filter((l) => l.index < 3)) {
          const byResults = s.outcome?.appliedLocalIds.includes(people[r.index]!.localId) ?? false;
          const byReport = c.newerReport && c.applied[r.index]!;
          expect(byResults || byReport, `update ${r.index} dropped: ${r.reason}`).toBe(true);
        }
        // Nothing is lost: every row is kept or listed with its reason.
        expect(p.kept.length + p.leftOut.length).toBe(4);
        // No remainder is offered while a create cannot be judged.
        expect(p.refused !== undefined).toBe(p.leftOut.some((l) => l.why === 'cannot-tell'));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
