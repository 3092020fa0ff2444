/**
 * `npm run bench:page -- [A] [B]`: two revisions of lib/ side by side in one Chromium page, each running
 * the worker's check pipeline (bench/page/check-page.ts) over the planted upload, alternately.
 *
 * For changes of 10-40 ms, which the full browser bench cannot tell from this VM's drift: both revisions
 * share the page, the machine's moment and the garbage collector's state. A and B are git revisions, or
 * "." for the working tree (default: HEAD against "."). Each is run in both load orders, as the revision
 * loaded first was favoured by about 20 ms. Env: ROWS (default 50,000), RUNS per order (default 16, the
 * first 3 dropped), GC=1 to force a collection before each check, REPEAT=1 for the earlier upload in
 * flight to be the whole planted file (every row a resubmission finding) instead of some of its rows.
 *
 * `npm run bench:page -- --node [REV]`: one revision (default ".") in the page and in this Node process, checks
 * alternating between them: each step in Chromium against the same code on the same data in Node (ROWS,
 * RUNS and REPEAT as above; GC=1 reaches the page only).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { resolveChromium } from '../tests/e2e/chromium';
import { REPO_ROOT } from '../tests/e2e/harness';
import type { prepare as preparePage, StepTimes } from './page/check-page';
import { median } from './timing';

/** What the page entry imports, taken from each revision; the entry itself is always the working tree's. */
const SOURCES = ['lib', 'tests/support', 'bench/browser'];
const ENTRY = 'bench/page/check-page.ts';
const ROWS = Number(process.env.ROWS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 16);
const DROPPED = 3;
const FORCE_GC = process.env.GC === '1';
const REPEAT = process.env.REPEAT === '1';

/** One revision's sources in a scratch directory (made once), with the working tree's page entry. */
function sources(revision: string, scratch: string): string {
  const dir = join(scratch, revision === '.' ? 'working-tree' : revision.replace(/[^\w.-]/g, '_'));
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  if (revision === '.') {
    for (const source of SOURCES) cpSync(join(REPO_ROOT, source), join(dir, source), { recursive: true });
  } else {
    const tarball = execFileSync('git', ['archive', '--format=tar', revision, ...SOURCES], { cwd: REPO_ROOT, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: tarball });
  }
  cpSync(join(REPO_ROOT, ENTRY), join(dir, ENTRY));
  // A revision from before the worker kept earlier uploads' row sets gets a stub: its check makes them afresh, as its worker did.
  const recordedRows = join(dir, 'lib/checks/recorded-rows.ts');
  if (!existsSync(recordedRows)) writeFileSync(recordedRows, 'export const RecordedRowsCache = undefined;\n');
  return dir;
}

/** One revision bundled for the page (a script), or for Node (a module file, whose path is answered). */
async function bundle(revision: string, scratch: string, target: 'page' | 'node' = 'page'): Promise<string> {
  const dir = sources(revision, scratch);
  const outfile = join(dir, 'check-node.mjs');
  const result = await build({
    entryPoints: [join(dir, ENTRY)],
    bundle: true,
    format: target === 'page' ? 'iife' : 'esm',
    platform: target === 'page' ? 'browser' : 'node',
    ...(target === 'page' ? { write: false } : { outfile }),
    // Packages (papaparse, zod, idb) from the working tree's node_modules.
    nodePaths: [join(REPO_ROOT, 'node_modules')],
    logLevel: 'warning',
  });
  return target === 'page' ? result.outputFiles![0]!.text : outfile;
}

/** A Chromium page holding bundles' prepared checks. */
interface CheckPage {
  /** Runs bundle `index`'s check once. */
  check: (index: number) => Promise<StepTimes>;
  /** Chromium's version. */
  version: string;
  close: () => Promise<void>;
}

async function openPage(code: readonly string[]): Promise<CheckPage> {
  const server = createServer((request, response) => {
    const script = /^\/(\d+)\.js$/.exec(request.url ?? '');
    response.setHeader('content-type', script ? 'text/javascript' : 'text/html');
    response.end(script ? code[Number(script[1])] : code.map((_, i) => `<script data-name="prepare${i}" src="/${i}.js"></script>`).join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: resolveChromium(), headless: true, args: ['--js-flags=--expose-gc'] });
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.evaluate(
      async ({ count, rows, repeat }) => {
        const scope = globalThis as unknown as Record<string, unknown>;
        const checks: unknown[] = [];
        for (let i = 0; i < count; i++)
          checks.push(await (scope[`prepare${i}`] as (rows: number, repeat: boolean) => Promise<unknown>)(rows, repeat));
        scope.benchChecks = checks;
      },
      { count: code.length, rows: ROWS, repeat: REPEAT },
    );
    const check = (index: number) =>
      page.evaluate(
        async ({ index, gc }) => {
          const scope = globalThis as unknown as { benchChecks: (() => Promise<StepTimes>)[]; gc?: () => void };
          if (gc) scope.gc?.();
          await new Promise((resolve) => setTimeout(resolve, 30));
          return scope.benchChecks[index]!();
        },
        { index, gc: FORCE_GC },
      );
    return { check, version: browser.version(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Each bundle's step times, one order of loading: every round runs each once, who goes first alternating. */
async function runOrder(code: readonly string[]): Promise<StepTimes[][]> {
  const page = await openPage(code);
  try {
    const times: StepTimes[][] = code.map(() => []);
    for (let round = 0; round < RUNS; round++) {
      for (let k = 0; k < code.length; k++) {
        const index = (k + round) % code.length;
        times[index]!.push(await page.check(index));
      }
    }
    return times.map((list) => list.slice(DROPPED));
  } finally {
    await page.close();
  }
}

const ms = (value: number): string => `${Math.round(value)}`;

/** Two revisions in one page, in both load orders: each step's medians and the paired difference. */
async function twoRevisions(a: string, b: string, scratch: string): Promise<void> {
  const code = [await bundle(a, scratch), await bundle(b, scratch)];
  console.log(
    `[bench:page] ${ROWS.toLocaleString('en-GB')} rows, ${RUNS} checks each per load order (first ${DROPPED} dropped)${FORCE_GC ? ', GC forced before each' : ''}${REPEAT ? ', the whole file an earlier upload in flight' : ''}: A = ${a}, B = ${b}`,
  );
  const inOrder = await runOrder(code);
  // B loaded first; reversed back so that index 0 is A in both.
  const reversed = (await runOrder([code[1]!, code[0]!])).reverse();
  const steps = Object.keys(inOrder[0]![0]!);
  const rows = steps.map((step) => {
    const column = (times: StepTimes[]) => median(times.map((t) => t[step] ?? Number.NaN));
    return `| ${step} | ${ms(column(inOrder[0]!))} / ${ms(column(reversed[0]!))} | ${ms(column(inOrder[1]!))} / ${ms(column(reversed[1]!))} |`;
  });
  console.log(['| step (ms; A loaded first / B loaded first) | A | B |', '| --- | --- | --- |', ...rows].join('\n'));
  const paired = (order: StepTimes[][]) => median(order[1]!.map((t, i) => t.total! - order[0]![i]!.total!));
  console.log(`B - A, whole check, median of paired runs: ${ms(paired(inOrder))} ms (A loaded first), ${ms(paired(reversed))} ms (B loaded first)`);
}

/**
 * One revision's check in the page and in this Node process, alternately (never at once: each has the
 * machine to itself while it runs), on the same generated data: what each step costs in Chromium against
 * what the same code costs in Node.
 */
async function againstNode(revision: string, scratch: string): Promise<void> {
  const module = (await import(pathToFileURL(await bundle(revision, scratch, 'node')).href)) as { prepare: typeof preparePage };
  const inNode = await module.prepare(ROWS, REPEAT);
  const page = await openPage([await bundle(revision, scratch)]);
  try {
    console.log(
      `[bench:page] ${ROWS.toLocaleString('en-GB')} rows, ${RUNS} checks each (first ${DROPPED} dropped)${REPEAT ? ', the whole file an earlier upload in flight' : ''}, ${revision} in Chromium ${page.version} and in Node ${process.versions.node}, alternately`,
    );
    const times: [StepTimes[], StepTimes[]] = [[], []];
    for (let round = 0; round < RUNS; round++) {
      for (let k = 0; k < 2; k++) {
        const inPage = (k + round) % 2 === 0;
        if (!inPage) await new Promise((resolve) => setTimeout(resolve, 30)); // as the page waits before each check
        times[inPage ? 0 : 1].push(inPage ? await page.check(0) : await inNode());
      }
    }
    const [pageTimes, nodeTimes] = times.map((list) => list.slice(DROPPED)) as [StepTimes[], StepTimes[]];
    const rows = Object.keys(pageTimes[0]!).map((step) => {
      const inPage = median(pageTimes.map((t) => t[step] ?? Number.NaN));
      const inNodeMs = median(nodeTimes.map((t) => t[step] ?? Number.NaN));
      return `| ${step} | ${ms(inPage)} | ${ms(inNodeMs)} | ${inNodeMs >= 1 ? `${(inPage / inNodeMs).toFixed(2)}x` : '-'} |`;
    });
    console.log(['| step (ms, medians) | Chromium page | Node | page / Node |', '| --- | --- | --- | --- |', ...rows].join('\n'));
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scratch = mkdtempSync(join(tmpdir(), 'csv-guard-bench-page-'));
  try {
    if (args[0] === '--node') await againstNode(args[1] ?? '.', scratch);
    else await twoRevisions(args[0] ?? 'HEAD', args[1] ?? '.', scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
