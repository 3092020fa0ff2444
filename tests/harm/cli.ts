import './node-env';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runHarm, runScenario, harmOf, type HarmRun, type ScenarioResult, type ScenarioRunner } from './simulate';
import type { HarmCounts } from './world';

/**
 * npm run harm [-- --scenarios N] [--seed S] [--json] [--replay SEED]
 * Runs N generated scenarios twice (bare portal, and with CSV Guard) and prints the harm of each.
 */
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const replay = option('--replay');
const scenarios = Number(option('--scenarios') ?? 1000);
const seed = Number(option('--seed') ?? 20261130);
const workers = Math.max(1, Number(option('--workers') ?? availableParallelism()));

/** Scenarios dealt round-robin to worker threads (one per core): each has its own fake IndexedDB and extension storage. */
const inWorkers: ScenarioRunner = async (seeds, onResult) => {
  const count = Math.min(workers, seeds.length);
  await Promise.all(
    Array.from({ length: count }, (_, w) => {
      const mine = seeds.filter((_, i) => i % count === w);
      return new Promise<void>((resolve, reject) => {
        // A worker does not inherit tsx's loader: register it, then load the TypeScript entry.
        const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
        const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`, {
          eval: true,
          workerData: { seeds: mine },
        });
        worker.on('message', (message: ScenarioResult | 'done') => {
          if (message === 'done') void worker.terminate().then(() => resolve());
          else onResult(message);
        });
        worker.on('error', reject);
      });
    }),
  );
};

/** Reasons, most frequent first. */
function byCount(reasons: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(reasons).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, ${process.platform}`;
}

function row(label: string, pick: (c: HarmCounts) => number, run: HarmRun): string {
  return `| ${label.padEnd(40)} | ${String(pick(run.bare)).padStart(6)} | ${String(pick(run.guarded)).padStart(11)} |`;
}

const out: string[] = [];
const print = (line = '') => out.push(line);

function printReplay(result: ScenarioResult): void {
  print(`Scenario seed ${result.seed}`);
  print(`  bare:    ${JSON.stringify(result.bare)}`);
  print(`  guarded: ${JSON.stringify(result.guarded)}`);
  for (const line of result.log) print(`  ${line}`);
  if (result.error) print(`  ERROR: ${result.error}`);
}

if (replay !== undefined) {
  printReplay(await runScenario(Number(replay)));
} else {
  const run = await runHarm(
    scenarios,
    seed,
    workers > 1 ? inWorkers : undefined,
    json
      ? undefined
      : (done) => {
          if (process.stderr.isTTY && done % 50 === 0) process.stderr.write(`\r${done}/${scenarios}`);
        },
  );
  if (process.stderr.isTTY && !json) process.stderr.write('\r');
  if (json) {
    const counts = ({ duplicates, overwrites, lostUpdates, falseHolds }: HarmCounts) => ({ duplicates, overwrites, lostUpdates, falseHolds });
    print(
      JSON.stringify({
        scenarios: run.scenarios,
        seed: run.seed,
        bare: counts(run.bare),
        guarded: { ...counts(run.guarded), falseHoldsByReason: byCount(run.guarded.falseHoldReasons) },
      }),
    );
  } else {
    print(
      `CSV Guard harm simulator: ${run.scenarios} scenarios, seed ${run.seed}, ${(run.ms / 1000).toFixed(1)} s on ${workers} worker thread${workers === 1 ? '' : 's'}`,
    );
    print(`Machine: ${machine()}`);
    print('');
    print(`| ${'harm'.padEnd(40)} | ${'bare'.padStart(6)} | ${'CSV Guard'.padStart(11)} |`);
    print(`| ${'-'.repeat(40)} | ${'-'.repeat(6)} | ${'-'.repeat(11)} |`);
    print(row('duplicate accounts created', (c) => c.duplicates, run));
    print(row('wrong-person overwrites', (c) => c.overwrites, run));
    print(row('intended updates lost', (c) => c.lostUpdates, run));
    print(row('safe uploads refused (false holds)', (c) => c.falseHolds, run));
    print(row('held rows left for the admin (not lost)', (c) => c.heldForAdmin, run));
    print('');
    const reasons = Object.entries(byCount(run.guarded.falseHoldReasons));
    if (reasons.length > 0) {
      print('False holds by what held the file (one hold can name several rules; tests/harm/README.md explains each):');
      print('');
      print(`| ${'held by'.padEnd(48)} | ${'false holds'.padStart(11)} |`);
      print(`| ${'-'.repeat(48)} | ${'-'.repeat(11)} |`);
      for (const [reason, n] of reasons) print(`| ${reason.padEnd(48)} | ${String(n).padStart(11)} |`);
      print('');
    }
    if (run.errors > 0) print(`${run.errors} scenarios failed inside the guarded run (see below).`);
    print(
      run.harmful.length === 0
        ? 'CSV Guard let no harm through.'
        : `CSV Guard let harm through in ${run.harmful.length} scenarios (replay one: npm run harm -- --replay <seed>):`,
    );
    for (const r of run.harmful) {
      const g = r.guarded;
      print(
        `  seed ${r.seed}: ${g.duplicates} duplicates, ${g.overwrites} overwrites, ${g.lostUpdates} lost updates (bare: ${harmOf(r.bare)})${r.error ? ` ERROR ${r.error.split('\n')[0]}` : ''}`,
      );
    }
  }
}

// Write everything, then exit: the extension's idle timers (its lookup cache) must not keep the run alive.
process.stdout.write(`${out.join('\n')}\n`, () => process.exit(0));
