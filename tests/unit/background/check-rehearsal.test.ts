import { describe, expect, it } from 'vitest';
import { ENGINE_EXPORTS } from '../../../lib/background/check-handlers';
import { runCheckPipeline } from '../../../lib/background/check-pipeline';
import { CheckRehearsal, rehearsalDeps, type RehearsalOutcome } from '../../../lib/background/check-rehearsal';
import { rehearsalSample } from '../../../lib/background/rehearsal-sample';
import type { RuleId } from '../../../lib/checks/types';
import { createDbConnection } from '../../../lib/store/connection';
import { listSubmissions } from '../../../lib/submissions/history-store';
import { COL, uploadCsv } from '../../support/generate';
import { startWorker } from '../../support/background';
import { freshDbName, generatePeople, importPeople } from '../store/helpers';

const SMALL = { rows: 120, rounds: 3 };

describe('the check rehearsal (a stopped worker meets a real check with optimised code)', () => {
  it('rehearses on a sample carrying the mistakes real uploads carry, so the rules it warms are the ones a check runs', async () => {
    const sample = rehearsalSample(500);
    const outcome = await runCheckPipeline(
      { fileName: 'rehearsal.csv', text: sample.uploadText, encoding: 'utf-8' },
      rehearsalDeps(sample, () => []),
    );
    if (!outcome.ok) throw new Error(outcome.error);
    const rules = new Set(outcome.run.result.findings.map((f) => f.rule));
    const rowRules: RuleId[] = [
      'missing-local-id',
      'unknown-local-id',
      'duplicate-local-id',
      'local-id-not-exact',
      'identity-mismatch',
      'probable-duplicate',
      'ou-change',
      'inactive-account',
      'invalid-field',
      'suspicious-characters',
      'formula-value',
      'no-change',
    ];
    expect(rowRules.filter((rule) => !rules.has(rule))).toEqual([]);
    // Most rows are plain updates of people the sample report holds.
    expect(outcome.run.mailboxes.length).toBeGreaterThan(400);
  });

  it('runs at each sign a file is coming, one at a time, and a check arriving stops the rounds not yet begun and holds off new ones until it ends', async () => {
    const rehearsal = new CheckRehearsal(ENGINE_EXPORTS, SMALL);
    const first = rehearsal.rehearse();
    expect(await rehearsal.rehearse(), 'a second sign while the first rehearsal runs').toBe('already');
    expect(await first).toBe('rehearsed');
    // The engine drops optimised code in the worker's idle time: a later sign rehearses again.
    expect(await rehearsal.rehearse()).toBe('rehearsed');

    const running = rehearsal.rehearse();
    rehearsal.checkBegan();
    expect(await running).toBe('interrupted');
    expect(await rehearsal.rehearse(), 'a sign while the real check runs').toBe('check-running');
    rehearsal.checkEnded();
    expect(await rehearsal.rehearse(), 'the next sign after the check').toBe('rehearsed');
  });

  it('gives a check the same report whether it arrives during the rehearsal, after it, or in a worker that never rehearsed, and keeps or stores nothing of its own', async () => {
    const name = freshDbName();
    const people = generatePeople(3000, 5);
    await importPeople(await createDbConnection({ name })(), people);
    const text = uploadCsv(people.slice(0, 1200), (row, i) =>
      i % 7 === 0
        ? Object.assign([...row], { [COL.ExternalSyncID!]: '' })
        : i % 11 === 0
          ? Object.assign([...row], { [COL.JobTitle!]: 'Matron' })
          : row,
    );
    const check = async (worker: ReturnType<typeof startWorker>, checkId: string) => {
      const tab = { tabId: 4, url: 'https://portal.nhs.net/Admin/UserManagement' };
      await worker.handlers['check-upload-part']({ checkId, index: 0, count: 1, text }, tab);
      const answer = await worker.handlers['check-upload']({ checkId, fileName: 'updates.csv', encoding: 'utf-8', partCount: 1 }, tab);
      if (answer.outcome !== 'checked') throw new Error(answer.outcome);
      return { ...answer.report, checkId: 'same' };
    };

    const never = startWorker({ openDb: createDbConnection({ name }) });
    const expected = await check(never, 'c-never');
    expect(expected.summary.rows).toBe(1200);

    const during: RehearsalOutcome[] = [];
    const interrupted = startWorker({ openDb: createDbConnection({ name }), onRehearsed: (_, outcome) => void during.push(outcome) });
    expect(await interrupted.handlers['prepare-check']({}, { tabId: 4 })).toEqual({ prepared: true });
    expect(await check(interrupted, 'c-during')).toEqual(expected);
    await expect.poll(() => during).toEqual(['interrupted']);

    let finished: (outcome: RehearsalOutcome) => void = () => undefined;
    const rehearsed = new Promise<RehearsalOutcome>((resolve) => (finished = resolve));
    const after = startWorker({ openDb: createDbConnection({ name }), onRehearsed: (_, outcome) => finished(outcome) });
    await after.handlers['prepare-check']({}, { tabId: 4 });
    expect(await rehearsed).toBe('rehearsed');
    expect(await check(after, 'c-after')).toEqual(expected);

    // Only the real checks are kept, and the rehearsal's "earlier upload" never reached the submission history.
    expect(after.runs.get('rehearsal')).toBeUndefined();
    expect(after.runs.get('c-after')).toBeDefined();
    expect(await listSubmissions(await after.openDb())).toEqual([]);
  });
});
