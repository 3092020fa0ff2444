import type { Page } from 'playwright-core';
import type { GuardBrowser } from '../../tests/e2e/harness';
import { startCpuProfiles } from './cpu-profiles';
import { installCheckTimer, waitForCheck, waitForPanelDrawn, type CheckOutcome } from './check-timer';
import { sampleHeaps } from './heap-sampler';
import { longTasksBetween, proveLongTasksSeen, recordLongTasks } from './long-tasks';
import { chooseFileOnDisk } from './upload-file-on-disk';
import type { WorkerCdp } from './worker-cdp';
import { readWorkerSteps, type WorkerSteps } from './worker-marks';

/** One check of one upload file on a fresh Upload Users page, measured. */
export interface UploadRun {
  /** File chosen → panel summary in the DOM (page clock). */
  checkMs: number;
  /** File chosen → the panel's last change (every group of findings drawn). */
  drawnMs: number;
  /** Longest page task from the file chosen until every group is drawn. */
  longestTaskMs: number;
  longTasks: number;
  /** When a task was over 50 ms: the long animation frames of the window, each with the scripts it ran. */
  longFrames: string[];
  pagePeakBytes: number;
  workerPeakBytes: number;
  /** The worker's heap after the check and a forced garbage collection (what it holds on to). */
  workerRetainedBytes: number;
  /** What the panel said: data-rows and the counts in each rule group's heading. */
  summary: { rows: number; updates: number; newAccounts: number; blocked: number };
  ruleCounts: Record<string, number>;
  /** When each progress phase was first shown, from the file chosen. */
  phases: { phase: string; ms: number }[];
  /** When the guard's own marks fell, from the file chosen (see CheckOutcome.marks). */
  marks: Record<string, number>;
  /** The worker's own split of the check (its marks, e2e build). */
  workerSteps: WorkerSteps;
  /** With profiling on: the top functions by self time on the page and in the worker. */
  profileLines?: string[];
}

/** The panel is drawn once it has not changed for this long after the summary. */
const PANEL_QUIET_MS = 500;

/** Opens Upload Users and waits until the panel is there and has read the page's sample file. */
export async function openReadyUploadPage(guard: GuardBrowser): Promise<Page> {
  const sampleRead = guard.context
    .waitForEvent('requestfinished', { predicate: (r) => r.url().includes('/Admin/SampleFiles/'), timeout: 10_000 })
    .catch(() => undefined);
  const page = await guard.openUploadPage();
  await page.getByText('Choose a file and CSV Guard checks it here').waitFor({ timeout: 15_000 });
  await sampleRead;
  // The learnt template travels to the background after the fetch: let it land before timing anything.
  await page.waitForTimeout(300);
  return page;
}

/**
 * BENCH_PAGE_SLOWDOWN=2 (or more): the portal page's CPU slowed that many times (the DevTools protocol's
 * CPU throttling of the page), to see which of the page's tasks would pass 50 ms on a slower machine
 * than this one.
 */
const PAGE_SLOWDOWN = Math.max(1, Number(process.env.BENCH_PAGE_SLOWDOWN ?? 1));

export async function measureUploadCheck(
  guard: GuardBrowser,
  page: Page,
  worker: WorkerCdp,
  filePath: string,
  profile?: { outDir: string; label: string },
): Promise<UploadRun> {
  if (PAGE_SLOWDOWN > 1) await (await guard.context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: PAGE_SLOWDOWN });
  await installCheckTimer(page);
  await recordLongTasks(page);
  await proveLongTasksSeen(guard.context, page, guard.extensionId);
  const profiling = profile ? await startCpuProfiles(guard.context, page, worker, profile.outDir, profile.label) : undefined;
  const heaps = await sampleHeaps(guard.context, page, worker);
  let outcome: CheckOutcome;
  let drawnAt: number;
  try {
    await chooseFileOnDisk(page, filePath);
    outcome = await waitForCheck(page, 600_000);
    drawnAt = await waitForPanelDrawn(page, PANEL_QUIET_MS, 60_000);
  } catch (error) {
    await heaps.stop();
    await profiling?.stop();
    throw error;
  }
  const peaks = await heaps.stop();
  const profileLines = await profiling?.stop();
  const workerSteps = await readWorkerSteps(worker);
  const workerRetainedBytes = (await worker.heapRetained()) ?? 0;
  const tasks = await longTasksBetween(page, outcome.chosenAt, drawnAt);
  const panel = await readPanel(page);
  return {
    checkMs: outcome.ms,
    drawnMs: drawnAt - outcome.chosenAt,
    longestTaskMs: tasks.longestMs,
    longTasks: tasks.count,
    longFrames: tasks.frames,
    ...peaks,
    workerRetainedBytes,
    ...panel,
    phases: outcome.phases,
    marks: outcome.marks,
    workerSteps,
    ...(profileLines ? { profileLines } : {}),
  };
}

/** The panel's summary numbers and each rule group's count, as drawn. */
export async function readPanel(page: Page): Promise<Pick<UploadRun, 'summary' | 'ruleCounts'>> {
  const summary = page.locator('csv-guard [data-testid="summary"]');
  const number = async (name: string) => Number(await summary.getAttribute(name));
  const groups = await page
    .locator('csv-guard [data-rule-group]')
    .evaluateAll((sections) =>
      sections.map((s) => ({ rule: s.getAttribute('data-rule-group') ?? '', heading: s.querySelector('h3')?.textContent ?? '' })),
    );
  const ruleCounts: Record<string, number> = {};
  for (const { rule, heading } of groups) ruleCounts[rule] = Number(/\(([\d,]+)\)/.exec(heading)?.[1]?.replace(/,/g, '') ?? NaN);
  return {
    summary: {
      rows: await number('data-rows'),
      updates: await number('data-updates'),
      newAccounts: await number('data-new-accounts'),
      blocked: await number('data-blocked'),
    },
    ruleCounts,
  };
}
