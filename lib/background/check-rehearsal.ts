import type { ReportMeta } from '../portal/mailbox';
import { DEFAULT_SETTINGS } from '../settings-schema';
import { GenerationWriter } from '../store/generation-layout';
import { heldSnapshot } from '../store/held-snapshot';
import { answerFromSnapshot, wantedHashesOf, wantedKeysOf } from '../store/lookup';
import type { Submission } from '../submissions/types';
import { toCheckReport } from './check-report';
import { runCheckPipeline, type CheckPipelineDeps } from './check-pipeline';
import type { Exporter } from './check-handlers';
import { CheckRuns } from './check-runs';
import { rehearsalSample, type RehearsalSample } from './rehearsal-sample';

/** How big the rehearsal is: enough rounds for the engine to optimise the per-row code, each round short. */
export interface RehearsalSize {
  rows: number;
  rounds: number;
}

/**
 * Measured with the bench (bench/README.md): 1,500 rows × 4 rounds made the next 10,000-row check faster
 * than 500 × 6 did (alternated pairs), and each round is still short enough for a real check to wait on.
 */
export const REHEARSAL_SIZE: Readonly<RehearsalSize> = { rows: 1500, rounds: 4 };

/** How a rehearsal ended: 'already' (one was running) and 'check-running' (a real check was) did not start one. */
export type RehearsalOutcome = 'rehearsed' | 'interrupted' | 'already' | 'check-running' | 'failed';

/**
 * A check's per-row code runs fast only once the engine has optimised it, and the worker loses that
 * optimised code when it is stopped (Chrome stops an idle one after 30 s); while it runs, a few seconds
 * of idle bring a collection that shrinks its heap, and the next check pays the collector for growing it
 * again (bench/README.md). Measured with the bench at 10,000 rows: the first check right after a
 * series of checks took 121–233 ms, the same file's next checks on fresh pages a few seconds later
 * 240–400 ms with a full collection forced between them, and 239–247 ms without.
 *
 * So at each sign that a file is coming (a 'prepare-check': the Upload Users view shown, Browse clicked,
 * a file dragged over the page), the worker rehearses whole checks on a made-up sample
 * (rehearsal-sample.ts) held in memory only: the same parse, keys, lookup in a report snapshot,
 * fingerprint, rules, finding groups and report as a real check, with nothing read from or written to
 * storage, no tab told, no check kept. One at a time, never while a real check runs; a real check
 * arriving stops the rounds not yet begun, so it waits at most for one round.
 */
export class CheckRehearsal {
  private running = false;
  private interrupted = false;
  private checksRunning = 0;

  constructor(
    private readonly exporter: Exporter,
    private readonly size: RehearsalSize = REHEARSAL_SIZE,
  ) {}

  /** Rehearse, unless one is running or a real check is. Never rejects. */
  async rehearse(): Promise<RehearsalOutcome> {
    if (this.running) return 'already';
    if (this.checksRunning > 0) return 'check-running';
    this.running = true;
    this.interrupted = false;
    try {
      return await this.rounds();
    } catch {
      // A rehearsal is only ever a speed-up: a failure here changes nothing a real check does.
      return 'failed';
    } finally {
      this.running = false;
    }
  }

  /** A real check has begun: rounds not yet begun are skipped, and no rehearsal starts until it ends. */
  checkBegan(): void {
    this.checksRunning++;
    this.interrupted = true;
  }

  checkEnded(): void {
    this.checksRunning = Math.max(0, this.checksRunning - 1);
  }

  private async rounds(): Promise<RehearsalOutcome> {
    const sample = rehearsalSample(this.size.rows);
    let submissions: Submission[] = [];
    const deps = rehearsalDeps(sample, () => submissions);
    const runs = new CheckRuns(1);
    for (let round = 0; round < this.size.rounds; round++) {
      // Let whatever is waiting (a real check's message) go first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.interrupted) return 'interrupted';
      const outcome = await runCheckPipeline({ fileName: 'rehearsal.csv', text: sample.uploadText, encoding: 'utf-8' }, deps);
      if (!outcome.ok) return 'failed';
      const kept = runs.keep('rehearsal', 'rehearsal.csv', outcome.run);
      toCheckReport(kept, this.exporter.offers(outcome.run));
      // From the second round the sample counts as an earlier upload still processing: the resubmission rule and the remainder run too.
      const request = runs.slotRequestFor('rehearsal');
      if (request && submissions.length === 0) {
        const now = Date.now();
        submissions = [{ id: 'rehearsal', state: 'processing', ...request, createdAt: now, updatedAt: now, processingAt: now }];
      }
    }
    return 'rehearsed';
  }
}

/**
 * What a rehearsal check runs on instead of storage: the sample's report as a snapshot held in memory,
 * the default settings, and `submissions` as the history.
 */
export function rehearsalDeps(sample: RehearsalSample, submissions: () => Submission[]): CheckPipelineDeps {
  const writer = new GenerationWriter('rehearsal');
  for (const mailbox of sample.mailboxes) writer.add(mailbox);
  const snapshot = heldSnapshot(writer, sample.orgId, writer.finish().keyTables);
  const reports: ReportMeta[] = [
    {
      orgId: sample.orgId,
      orgLabel: sample.orgId,
      fileName: 'rehearsal.csv',
      importedAt: Date.now(),
      rowCount: sample.mailboxes.length,
      rowsWithoutLocalId: 0,
      columns: [],
    },
  ];
  return {
    loadSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    lookupMailboxes: (keys) => {
      const answer = answerFromSnapshot(snapshot, wantedKeysOf(keys), wantedHashesOf(keys));
      return Promise.resolve({ mailboxes: answer.mailboxes, matches: answer.matches, reports, skippedRecords: answer.skipped });
    },
    listSubmissions: () => Promise.resolve(submissions()),
    now: () => Date.now(),
  };
}
