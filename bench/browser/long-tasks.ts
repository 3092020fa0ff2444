import type { BrowserContext, Page } from 'playwright-core';
import { contentScriptWorld } from './content-script-world';

/**
 * Long tasks (over 50 ms) on the portal page's main thread, from a PerformanceObserver in the page's
 * main world. The content script runs in an isolated world on the same thread, so its long tasks show:
 * `proveLongTasksSeen` plants one there before each check, and the bench stops if it is not seen.
 */

interface LongTaskEntry {
  start: number;
  duration: number;
}
/** A long animation frame (over 50 ms) and the scripts that ran in it, longest first: what a long task was doing. */
interface LongFrameEntry extends LongTaskEntry {
  scripts: string[];
}
interface LongTaskGlobals {
  __benchLongTasks?: LongTaskEntry[];
  __benchLongFrames?: LongFrameEntry[];
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
    // Long animation frames name the scripts that ran (the content script's among them): no attribution otherwise.
    const frames: LongFrameEntry[] = [];
    g.__benchLongFrames = frames;
    interface ScriptTiming {
      duration: number;
      invoker: string;
      sourceFunctionName: string;
      sourceURL: string;
      sourceCharPosition: number;
      forcedStyleAndLayoutDuration: number;
    }
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const scripts = ((entry as unknown as { scripts?: ScriptTiming[] }).scripts ?? [])
          .slice()
          .sort((a, b) => b.duration - a.duration)
          .map(
            (s) =>
              `${Math.round(s.duration)} ms ${s.invoker} → ${s.sourceFunctionName || '?'} (${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}), layout ${Math.round(s.forcedStyleAndLayoutDuration)} ms`,
          );
        frames.push({ start: entry.startTime, duration: entry.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

export interface LongTaskSummary {
  /** The longest task overlapping the window, in ms (0 when none was over 50 ms). */
  longestMs: number;
  /** How many tasks over 50 ms overlapped the window. */
  count: number;
  /** Each long animation frame overlapping the window that held a task over 50 ms: its length and scripts. */
  frames: string[];
}

/** Long tasks that overlap [from, to] (page performance.now() times). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskSummary> {
  // Observer callbacks are delivered after the task ends: give the last one a moment to arrive.
  await page.waitForTimeout(100);
  const { tasks, frames } = await page.evaluate(() => {
    const g = globalThis as unknown as LongTaskGlobals;
    return { tasks: g.__benchLongTasks ?? [], frames: g.__benchLongFrames ?? [] };
  });
  const overlaps = (t: LongTaskEntry) => t.start < to && t.start + t.duration > from;
  const overlapping = tasks.filter(overlaps);
  const longest = Math.max(0, ...overlapping.map((t) => t.duration));
  // A frame holds several tasks; those it names are worth reading only when one of them was long.
  const framesNamed = overlapping.length === 0 ? [] : frames.filter(overlaps);
  return {
    longestMs: longest,
    count: overlapping.length,
    frames: framesNamed.map(
      (f) => `frame of ${Math.round(f.duration)} ms at +${Math.round(f.start - from)}: ${f.scripts.join('; ') || 'no script named'}`,
    ),
  };
}

/** The busy task planted in the content script's world: twice the 50 ms limit. */
export const PLANTED_TASK_MS = 100;

/**
 * Plants a busy task of PLANTED_TASK_MS in the content script's isolated world (found through the
 * DevTools protocol by the extension's origin) and throws unless the recorder sees it: a measurement
 * that cannot see a long task would report "0 ms" whatever the guard does.
 */
export async function proveLongTasksSeen(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    const guardWorld = await contentScriptWorld(cdp, extensionId);
    const from = await page.evaluate(() => performance.now());
    await cdp.send('Runtime.evaluate', {
      contextId: guardWorld,
      expression: `setTimeout(() => { const end = performance.now() + ${PLANTED_TASK_MS}; while (performance.now() < end); }, 0)`,
    });
    await page.waitForTimeout(PLANTED_TASK_MS * 2);
    const to = await page.evaluate(() => performance.now());
    const seen = await longTasksBetween(page, from, to);
    if (seen.longestMs < PLANTED_TASK_MS) {
      throw new Error(
        `A planted ${PLANTED_TASK_MS} ms task in the content script was not seen (longest ${seen.longestMs} ms): the long-task measurement is broken.`,
      );
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
