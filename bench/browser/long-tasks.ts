import type { Page } from 'playwright-core';

/**
 * Long tasks (over 50 ms) on the portal page's main thread, from a PerformanceObserver in the page's
 * main world. The content script runs in an isolated world on the same thread, so its long tasks show.
 */

interface LongTaskEntry {
  start: number;
  duration: number;
}
interface LongTaskGlobals {
  __benchLongTasks?: LongTaskEntry[];
}

/** Start recording (buffered, so tasks since the page loaded are kept too). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as LongTaskGlobals;
    if (g.__benchLongTasks) return;
    const tasks: LongTaskEntry[] = [];
    g.__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

export interface LongTaskSummary {
  /** The longest task overlapping the window, in ms (0 when none was over 50 ms). */
  longestMs: number;
  /** How many tasks over 50 ms overlapped the window. */
  count: number;
}

/** Long tasks that overlap [from, to] (page performance.now() times). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskSummary> {
  // Observer callbacks are delivered after the task ends: give the last one a moment to arrive.
  await page.waitForTimeout(100);
  const tasks = await page.evaluate(() => (globalThis as unknown as LongTaskGlobals).__benchLongTasks ?? []);
  const overlapping = tasks.filter((t) => t.start < to && t.start + t.duration > from);
  return { longestMs: Math.max(0, ...overlapping.map((t) => t.duration)), count: overlapping.length };
}
