import type { ReportMeta } from '../portal/mailbox';
import { DEFAULT_SETTINGS } from '../settings-schema';
import { GenerationWriter } from '../store/generation-layout';
import { heldSnapshot } from '../store/held-snapshot';
import { answerFromSnapshot, wantedKeysOf } from '../store/lookup';
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

/** Measured with the bench (README, Performance): a few hundred rows a round, a handful of rounds. */
export const REHEARSAL_SIZE: Readonly<RehearsalSize> = { rows: 500, rounds: 6 };

export type RehearsalOutcome = 'rehearsed' | 'interrupted' | 'already' | 'failed';

/**
 * A worker that was stopped starts again from unoptimised code, and a check runs each of its per-row
 * functions only a few thousand times: the first check after a stop ran its rules 2–3x slower than
 * once the engine had optimised them. So while the admin is choosing a file (a 'prepare-check'), the
 * worker rehearses whole checks on a made-up sample (rehearsal-sample.ts) held in memory only: the same
 * parse, keys, lookup in a report snapshot, fingerprint, rules, finding groups and report as a real
 * check, with nothing read from or written to storage, no tab told, no check kept. Once per worker life
 * (the engine keeps its optimised code while the worker runs); a real check arriving stops the rounds
 * not yet begun, so it waits at most for one round.
 */
export class CheckRehearsal {
  private started = false;
  private interrupted = false;

  constructor(
    private readonly exporter: Exporter,
    private readonly size: RehearsalSize = REHEARSAL_SIZE,
  ) {}

  /** Rehearse, the first time only. Never rejects. */
  async rehearse(): Promise<RehearsalOutcome> {
    if (this.started) return 'already';
    this.started = true;
    try {
      return await this.rounds();
    } catch {
      // A rehearsal is only ever a speed-up: a failure here changes nothing a real check does.
      return 'failed';
    }
  }

  /** A real check has begun: rounds not yet begun are skipped. */
  interrupt(): void {
    this.interrupted = true;
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
      toCheckReport(kept, { state: 'free' }, this.exporter.offers(outcome.run));
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
      const answer = answerFromSnapshot(snapshot, wantedKeysOf(keys));
      return Promise.resolve({ mailboxes: answer.mailboxes, matches: answer.matches, reports, skippedRecords: answer.skipped });
    },
    listSubmissions: () => Promise.resolve(submissions()),
    now: () => Date.now(),
  };
}
