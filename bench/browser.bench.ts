import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChromium } from '../tests/e2e/chromium';
import type { Page } from 'playwright-core';
import { launchGuardBrowser, REPO_ROOT, type GuardBrowser } from '../tests/e2e/harness';
import { generatePeople, mailboxReportCsv, type Person } from '../tests/support/generate';
import { stopServiceWorker } from '../tests/support/stop-worker';
import { timeBareParse } from './browser/bare-parse';
import { plantEarlierSubmission } from './browser/earlier-submission';
import { timeSlotGrant } from './browser/slot-grant';
import { PLANTED_HEADER, PLANTED_RULES, plantedRows, plantedUploadCsv, resubmittedRows } from './browser/planted-upload';
import { BROWSE_LEAD_MS, clickBrowseAhead, judgeReadAheads, readAheadsOf } from './browser/read-ahead';
import { importReportThroughPort, timeBareIdb, timeLookup } from './browser/report-import';
import {
  checkSteps,
  formatResults,
  machineNow,
  MB,
  median,
  type BrowserBenchResults,
  type FirstCheckResult,
  type StoreResult,
  type TargetCheck,
  type UploadSizeResult,
} from './browser/results';
import { sampleHeaps } from './browser/heap-sampler';
import { measureUploadCheck, openReadyUploadPage, type UploadRun } from './browser/upload-run';
import { UploadFilesOnDisk } from './browser/upload-file-on-disk';
import { WorkerCdp } from './browser/worker-cdp';

/**
 * npm run bench:browser — the whole extension (e2e build) in headless Chromium against the portal
 * replica: a 100,000-row Mailbox Report imported, then upload files of 1,000, 10,000 and 50,000 rows
 * with planted problems checked on the Upload Users page, warm, and at 10,000 and 50,000 rows also
 * cold (the worker stopped through the DevTools protocol just before the file is chosen), and cold with
 * the admin clicking Browse 2 s before choosing (the worker reads ahead meanwhile: lib/page/file-intent),
 * and last the 10,000- and 50,000-row files again with the whole 50,000-row file an earlier upload still
 * processing (an admin re-submitting a file, or its first part, after a failure mid-run: every row a
 * resubmission finding).
 * Prints a table and writes bench-results.json. Targets are checked here, never in tests.
 * BENCH_RUNS (default 3) checks per size; the median counts.
 */

const REPORT_ROWS = 100_000;
const ALL_UPLOAD_SIZES = [1_000, 10_000, 50_000];
/** BENCH_SIZES=10000 (comma-separated) checks only those sizes, for working on one; targets need all three. */
const UPLOAD_SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : ALL_UPLOAD_SIZES;
/** Sizes also checked cold: the first check after the worker was stopped (Chrome stops an idle one after 30 s). */
const COLD_SIZES = UPLOAD_SIZES.filter((rows) => rows >= 10_000);
/**
 * Also checked warm as a file the worker has not seen: each run a different 10,000 people, after every
 * person the other files name (the repeated warm checks of one file find its mailboxes decoded already).
 */
const NEW_FILE_ROWS = 10_000;
const NEW_FILE_FROM = Math.max(...ALL_UPLOAD_SIZES);
/** The earlier upload the last checks repeat (in whole or in part), when this size is among UPLOAD_SIZES. */
const REPEAT_ROWS = 50_000;
const LOOKUP_IDS = 10_000;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/** BENCH_PROFILE=1: CPU profiles of the page and the worker for the first check of each size. */
const PROFILE_DIR = process.env.BENCH_PROFILE ? join(REPO_ROOT, '.tmp', 'bench-profiles') : undefined;
/** The replica's directory and the report are the same generated people (replica seed 1). */
const SEED = 1;
/** Old enough to plant stale-report (default stale age 7 days). */
const REPORT_AGE_DAYS = 10;

/** Issue 14's targets. */
const TARGET_IMPORT_MS = 2_500;
const TARGET_ROWS = 10_000;
const TARGET_WARM_MS = 200;
const TARGET_COLD_MS = 400;
const TARGET_LARGE_ROWS = 50_000;
const TARGET_LARGE_WARM_MS = 600;
const TARGET_LONGEST_TASK_MS = 50;
const TARGET_CACHED_HEAP_MB = 60;

function log(line: string): void {
  process.stderr.write(`[bench:browser] ${line}\n`);
}

/**
 * BENCH_WIDE_REPORT=1: the report carries one character beyond U+00FF (a ’ in a line above the header), as a
 * real report does when one name has one: every value of it is then two bytes a character in the browser.
 */
const WIDE_REPORT = process.env.BENCH_WIDE_REPORT === '1';

function reportText(people: readonly Person[]): string {
  const generated = new Date(Date.now() - REPORT_AGE_DAYS * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
  return `Report generated: ${generated}\r\n${WIDE_REPORT ? 'Replica Trust’s mailboxes\r\n' : ''}${mailboxReportCsv(people)}`;
}

interface Session {
  guard: GuardBrowser;
  worker: WorkerCdp;
  files: UploadFilesOnDisk;
  people: Person[];
}

async function main(): Promise<void> {
  const chromiumPath = resolveChromium({ log });
  const chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  log(`${chromium}; ${RUNS} run(s) per size${WIDE_REPORT ? '; the report has a character beyond U+00FF' : ''}`);
  const people = generatePeople(REPORT_ROWS, SEED);
  const guard = await launchGuardBrowser({ replica: { people: REPORT_ROWS, seed: SEED, processingDelayMs: 3_600_000 } });
  const session: Session = { guard, worker: await WorkerCdp.open(guard.context, guard.extensionId), files: new UploadFilesOnDisk(), people };
  try {
    const options = await guard.openExtensionPage('options.html');
    const stored = await measureImportAndLookup(session, options);

    // Before the earlier upload below takes the slot: the slot granted for the largest file (the wait before Upload).
    const slotRows = Math.max(...UPLOAD_SIZES);
    const slotGrants = await timeSlotGrant(guard, `slot-${slotRows}.csv`, plantedUploadCsv(people, slotRows), RUNS);
    log(`upload slot granted for a checked ${slotRows.toLocaleString('en-GB')}-row file in ${slotGrants.map((n) => Math.round(n)).join(', ')} ms`);

    // An earlier upload still processing, repeating some rows of every file: the resubmission rule.
    const earlierId = await plantEarlierSubmission(guard, {
      fileName: 'earlier-update.csv',
      header: PLANTED_HEADER,
      rows: resubmittedRows(people, Math.max(...UPLOAD_SIZES)),
    });

    // The first check after an import meets a storage still settling after 100,000 writes: shown on its own.
    const firstRows = Math.min(...UPLOAD_SIZES);
    const first = (await checkRuns(session, firstRows, 1, 'first'))[0]!;
    const firstCheck: FirstCheckResult = { rows: firstRows, checkMs: first.checkMs, steps: checkSteps(first.phases, first.checkMs, first.marks) };

    const uploads: UploadSizeResult[] = [];
    for (const rows of UPLOAD_SIZES) uploads.push(summariseRuns(rows, await checkRuns(session, rows, RUNS, 'run')));
    const newFileUploads = UPLOAD_SIZES.includes(NEW_FILE_ROWS)
      ? [summariseRuns(NEW_FILE_ROWS, await checkRuns(session, NEW_FILE_ROWS, RUNS, 'new-file', (run) => NEW_FILE_FROM + (run - 1) * NEW_FILE_ROWS))]
      : [];
    const coldUploads: UploadSizeResult[] = [];
    for (const rows of COLD_SIZES) coldUploads.push(summariseRuns(rows, await checkRuns(session, rows, RUNS, 'cold')));
    const coldBrowseUploads: UploadSizeResult[] = [];
    for (const rows of COLD_SIZES) coldBrowseUploads.push(summariseRuns(rows, await checkRuns(session, rows, RUNS, 'cold-browse')));
    const repeatUploads = UPLOAD_SIZES.includes(REPEAT_ROWS) ? await checkRepeatsOfWholeUpload(session, earlierId) : [];

    // Last, so its scratch database cannot slow the checks: the bare IndexedDB references.
    log('timing the bare IndexedDB references');
    const bare = await timeBareIdb(options);
    await options.close();
    const store: StoreResult = {
      reportRows: stored.imported.rowCount,
      importMs: stored.imported.ms,
      bareWriteMs: bare.writeMs,
      importRatioToBareWrite: stored.imported.ms / bare.writeMs,
      oldLayoutWriteMs: bare.oldLayoutWriteMs,
      importRatioToOldLayout: stored.imported.ms / bare.oldLayoutWriteMs,
      chunks: bare.chunks,
      importWorkerPeakMB: stored.importWorkerPeakBytes / MB,
      reportCachedHeapMB: stored.reportCachedHeapBytes / MB,
      lookupIds: stored.lookupIds.length,
      lookupMailboxes: stored.lookupMailboxes,
      lookupMs: stored.lookupMs,
      coldLookupMs: stored.coldLookupMs,
      bareReadMs: bare.readMs,
      bareKeyReads: bare.keyReads,
    };

    const smallest = uploads[0]!;
    const largest = uploads.at(-1)!;
    const results: BrowserBenchResults = {
      when: new Date().toISOString(),
      machine: machineNow(chromium),
      store,
      firstCheck,
      uploads,
      newFileUploads,
      coldUploads,
      coldBrowseUploads,
      repeatUploads,
      browseLeadMs: BROWSE_LEAD_MS,
      slotGrant: { rows: slotRows, ms: median(slotGrants) },
      scale: {
        fromRows: smallest.rows,
        toRows: largest.rows,
        rowsFactor: largest.rows / smallest.rows,
        timeFactor: largest.checkMs / smallest.checkMs,
      },
      targets: judgeTargets(store, { uploads, newFileUploads, coldUploads, coldBrowseUploads, repeatUploads }),
    };
    writeFileSync(join(REPO_ROOT, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatResults(results));
    console.log('\nWritten: bench-results.json');
  } finally {
    session.files.remove();
    await session.worker.close();
    await guard.close();
  }
}

/** The Mailbox Report imported through the import port, then a check of an upload of 10,000 of its local IDs (the lookup is most of it). */
async function measureImportAndLookup({ guard, worker, people }: Session, options: Page) {
  log(`importing a ${REPORT_ROWS.toLocaleString('en-GB')}-row Mailbox Report through the import port`);
  const importHeaps = await sampleHeaps(guard.context, undefined, worker);
  const imported = await importReportThroughPort(options, reportText(people), 'Bench Trust');
  const importWorkerPeakBytes = (await importHeaps.stop()).workerPeakBytes;
  if (imported.rowCount !== REPORT_ROWS) throw new Error(`Imported ${imported.rowCount} rows, expected ${REPORT_ROWS}.`);

  log(`timing lookups of ${LOOKUP_IDS.toLocaleString('en-GB')} local IDs`);
  const lookupIds = people.filter((_, i) => i % (REPORT_ROWS / LOOKUP_IDS) === 0).map((p) => p.localId);
  const lookups = [];
  for (let i = 0; i < RUNS; i++) lookups.push(await timeLookup(options, lookupIds));
  // The report's index as the worker holds it between checks (no check kept yet).
  const reportCachedHeapBytes = (await worker.heapRetained()) ?? Number.NaN;
  const coldLookups = [];
  for (let i = 0; i < RUNS; i++) {
    await stopServiceWorker(guard);
    coldLookups.push(await timeLookup(options, lookupIds));
  }
  return {
    imported,
    importWorkerPeakBytes,
    reportCachedHeapBytes,
    lookupIds,
    lookupMs: median(lookups.map((l) => l.ms)),
    coldLookupMs: median(coldLookups.map((l) => l.ms)),
    lookupMailboxes: lookups[0]!.mailboxes,
  };
}

/**
 * The 10,000- and 50,000-row files checked warm after the whole REPEAT_ROWS file was uploaded earlier and
 * is still processing: every row a resubmission finding, and the remainder planned (the smaller file is the
 * first part of the larger). The first earlier upload is marked finished first, to free the slot (it stays
 * unsafe to repeat: finished without results).
 */
async function checkRepeatsOfWholeUpload(session: Session, earlierId: string): Promise<UploadSizeResult[]> {
  const { guard, people } = session;
  await guard.sendToBackground('submission-finish', { submissionId: earlierId });
  // The same name as the file on disk, so the panel names the earlier upload as this file.
  await plantEarlierSubmission(guard, { fileName: `update-${REPEAT_ROWS}.csv`, header: PLANTED_HEADER, rows: plantedRows(people, REPEAT_ROWS) });
  const repeats: UploadSizeResult[] = [];
  for (const rows of UPLOAD_SIZES.filter((n) => n >= TARGET_ROWS)) {
    const repeat = summariseRuns(rows, await checkRuns(session, rows, RUNS, 'repeat'));
    const resubmitted = repeat.ruleCounts.resubmission ?? 0;
    if (resubmitted < rows) throw new Error(`The ${rows}-row file got ${resubmitted} resubmission findings, expected at least ${rows}.`);
    repeats.push(repeat);
  }
  return repeats;
}

interface MeasuredRun extends UploadRun {
  bareParseMs: number;
}

/**
 * `runs` checks of one planted file, each on a fresh Upload Users page, with the bare parse in the
 * same page; with `from`, each run's file holds other people (the `from(run)`th onwards). With label
 * 'cold', the worker is stopped once the page is ready, just before the file is chosen by script, with
 * no click (the issue's definition; the run fails if the worker read ahead all the same). With
 * 'cold-browse', the admin then clicks Browse and chooses the file BROWSE_LEAD_MS later (the run fails
 * unless the worker had finished reading ahead when the check arrived).
 */
async function checkRuns(
  { guard, worker, files, people }: Session,
  rows: number,
  runs: number,
  label: string,
  from?: (run: number) => number,
): Promise<MeasuredRun[]> {
  const sameText = from ? '' : plantedUploadCsv(people, rows);
  const measured: MeasuredRun[] = [];
  for (let run = 1; run <= runs; run++) {
    const text = from ? plantedUploadCsv(people, rows, from(run)) : sameText;
    const filePath = files.write(`update-${rows}.csv`, text);
    const page = await openReadyUploadPage(guard);
    const cold = label === 'cold' || label === 'cold-browse';
    if (cold) await stopServiceWorker(guard);
    if (label === 'cold-browse') await clickBrowseAhead(page);
    const profile = PROFILE_DIR && run === 1 && label !== 'first' ? { outDir: PROFILE_DIR, label: `${rows}-rows-${label}` } : undefined;
    const check = await measureUploadCheck(guard, page, worker, filePath, profile);
    for (const line of check.profileLines ?? []) log(line);
    // The reference, in the same page and run, after the check so it cannot disturb it.
    const parse = await timeBareParse(page, text);
    await page.close();
    if (parse.records !== rows + 1) throw new Error(`The bare parse read ${parse.records} records, expected ${rows + 1}.`);
    if (check.summary.rows !== rows) throw new Error(`The panel says ${check.summary.rows} rows, expected ${rows}.`);
    measured.push({ ...check, bareParseMs: parse.ms });
    let readAhead = '';
    if (cold) {
      const judged = judgeReadAheads(await readAheadsOf(worker), label === 'cold-browse');
      if ('error' in judged) throw new Error(`${rows} rows, ${label} ${run}: ${judged.error}.`);
      readAhead = `; ${judged.note}`;
    }
    const phases = [...check.phases.map((p) => [p.phase, p.ms] as const), ...Object.entries(check.marks)]
      .sort((a, b) => a[1] - b[1])
      .map(([name, ms]) => `${name} @${Math.round(ms)}`)
      .join(', ');
    log(
      `${rows} rows, ${label} ${run}: summary ${Math.round(check.checkMs)} ms (${phases}), all drawn ${Math.round(check.drawnMs)} ms, bare parse ${Math.round(parse.ms)} ms, longest task ${Math.round(check.longestTaskMs)} ms; worker: ${Object.entries(
        check.workerSteps,
      )
        .map(([step, ms]) => `${step} ${Math.round(ms)}`)
        .join(', ')}${readAhead}`,
    );
    for (const frame of check.longFrames) log(`  ${frame}`);
  }
  return measured;
}

/** Medians for times; the worst run for long tasks and memory. */
function summariseRuns(rows: number, runs: MeasuredRun[]): UploadSizeResult {
  const checkMs = median(runs.map((r) => r.checkMs));
  const bareParseMs = median(runs.map((r) => r.bareParseMs));
  const last = runs.at(-1)!;
  const medianRun = [...runs].sort((a, b) => a.checkMs - b.checkMs)[Math.floor((runs.length - 1) / 2)]!;
  return {
    rows,
    runs: runs.length,
    checkMs,
    drawnMs: median(runs.map((r) => r.drawnMs)),
    bareParseMs,
    ratioToBareParse: checkMs / bareParseMs,
    msPer1000Rows: (checkMs / rows) * 1000,
    longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs)),
    longTasks: Math.max(...runs.map((r) => r.longTasks)),
    pagePeakMB: Math.max(...runs.map((r) => r.pagePeakBytes)) / MB,
    workerPeakMB: Math.max(...runs.map((r) => r.workerPeakBytes)) / MB,
    workerRetainedMB: last.workerRetainedBytes / MB,
    allRunsMs: runs.map((r) => r.checkMs),
    steps: checkSteps(medianRun.phases, medianRun.checkMs, medianRun.marks),
    workerSteps: medianRun.workerSteps,
    summary: last.summary,
    ruleCounts: last.ruleCounts,
    missingRules: [...PLANTED_RULES, 'stale-report'].filter((rule) => !(rule in last.ruleCounts) && !(rule === 'batch-size' && rows <= 500)),
  };
}

/** How the target line names each kind of check. */
const PAGE_CHECK_KINDS: Record<keyof CheckedUploads, string> = {
  uploads: 'warm',
  newFileUploads: 'warm, new file',
  coldUploads: 'cold',
  coldBrowseUploads: 'cold, Browse first',
  repeatUploads: 'repeating',
};

type CheckedUploads = Pick<BrowserBenchResults, 'uploads' | 'newFileUploads' | 'coldUploads' | 'coldBrowseUploads' | 'repeatUploads'>;

function judgeTargets(store: StoreResult, checked: CheckedUploads): TargetCheck[] {
  const { uploads, newFileUploads, coldUploads } = checked;
  const warm = uploads.find((u) => u.rows === TARGET_ROWS);
  const warmNewFile = newFileUploads.find((u) => u.rows === TARGET_ROWS);
  const cold = coldUploads.find((u) => u.rows === TARGET_ROWS);
  const largeWarm = uploads.find((u) => u.rows === TARGET_LARGE_ROWS);
  if (!warm || !warmNewFile || !cold || !largeWarm)
    return [{ target: 'all sizes', met: false, detail: `only ${UPLOAD_SIZES.join(', ')} rows were checked (BENCH_SIZES)` }];
  // Every check the bench made on a portal page, whatever its kind.
  const pageChecks = Object.entries(checked).flatMap(([kind, list]) => list.map((u) => ({ kind, u })));
  const worstTask = Math.max(...pageChecks.map(({ u }) => u.longestTaskMs));
  const rows = (n: number) => n.toLocaleString('en-GB');
  return [
    {
      target: `import ${rows(store.reportRows)} rows within ${rows(TARGET_IMPORT_MS)} ms`,
      met: store.importMs <= TARGET_IMPORT_MS,
      detail: `${Math.round(store.importMs)} ms`,
    },
    {
      target: `${rows(TARGET_ROWS)}-row check warm within ${TARGET_WARM_MS} ms`,
      met: warm.checkMs <= TARGET_WARM_MS,
      detail: `${Math.round(warm.checkMs)} ms (${warm.ratioToBareParse.toFixed(1)}x the bare parse)`,
    },
    {
      target: `${rows(TARGET_ROWS)}-row check warm within ${TARGET_WARM_MS} ms, each run a file the worker has not seen`,
      met: warmNewFile.checkMs <= TARGET_WARM_MS,
      detail: `${Math.round(warmNewFile.checkMs)} ms (${warmNewFile.ratioToBareParse.toFixed(1)}x the bare parse)`,
    },
    {
      target: `${rows(TARGET_ROWS)}-row check cold within ${TARGET_COLD_MS} ms`,
      met: cold.checkMs <= TARGET_COLD_MS,
      detail: `${Math.round(cold.checkMs)} ms (${(cold.checkMs / warm.checkMs).toFixed(2)}x warm)`,
    },
    coldAsFastAsWarm(cold, [warm, warmNewFile], store.bareReadMs),
    {
      target: `${rows(TARGET_LARGE_ROWS)}-row check warm within ${TARGET_LARGE_WARM_MS} ms`,
      met: largeWarm.checkMs <= TARGET_LARGE_WARM_MS,
      detail: `${Math.round(largeWarm.checkMs)} ms`,
    },
    {
      target: `no main-thread task on the portal page over ${TARGET_LONGEST_TASK_MS} ms, any size, warm or cold, in any check`,
      met: worstTask <= TARGET_LONGEST_TASK_MS,
      detail: pageChecks
        .map(({ kind, u }) => `${rows(u.rows)} ${PAGE_CHECK_KINDS[kind as keyof CheckedUploads]}: ${Math.round(u.longestTaskMs)} ms`)
        .join(', '),
    },
    {
      target: `worker heap after GC with the ${rows(store.reportRows)}-row report cached within ${TARGET_CACHED_HEAP_MB} MB`,
      met: store.reportCachedHeapMB <= TARGET_CACHED_HEAP_MB,
      detail: `${store.reportCachedHeapMB.toFixed(1)} MB`,
    },
  ];
}

/**
 * The issue's Build line "the cold first check must be as fast as a warm one, within noise", judged
 * as: the cold check's median no slower than the slowest warm run of the same size (a file seen
 * before, or not). The detail names the floor a stopped worker cannot skip: reading its index and
 * rows from IndexedDB (the bare read, no decoding) before the check runs, unoptimised, for the first time.
 */
function coldAsFastAsWarm(cold: UploadSizeResult, warm: UploadSizeResult[], bareReadMs: number): TargetCheck {
  const warmRuns = warm.flatMap((u) => u.allRunsMs);
  const slowestWarm = Math.max(...warmRuns);
  return {
    target: `${cold.rows.toLocaleString('en-GB')}-row check cold as fast as warm, within noise (no slower than the slowest warm run)`,
    met: cold.checkMs <= slowestWarm,
    detail:
      `cold ${Math.round(cold.checkMs)} ms, warm runs ${Math.round(Math.min(...warmRuns))}–${Math.round(slowestWarm)} ms; ` +
      `floor: a stopped worker reads its key tables and every chunk first (${Math.round(bareReadMs)} ms bare, no decoding) ` +
      `and runs the check before the engine has optimised it (bench/README.md)`,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
