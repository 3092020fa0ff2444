import type { Page } from 'playwright-core';
import { allowNamedFunctions } from './name-shim';

/**
 * Times a check on the Upload Users page from the page's own clock: from the file input's change event
 * (the file chosen) to the moment the panel's summary is in the DOM. Runs in the page's main world; the
 * panel's shadow root is open, so the page can see into it.
 */

interface CheckTimes {
  chosenAt?: number;
  shownAt?: number;
  /** The panel's last change after the summary (groups of findings are drawn in later tasks). */
  lastChangeAt?: number;
  errorAt?: number;
  error?: string;
  /** When the panel first showed each progress phase (reading, parsing, looking-up, checking). */
  phases: { phase: string; at: number }[];
}
interface TimerGlobals {
  __benchCheck?: CheckTimes;
}

export async function installCheckTimer(page: Page): Promise<void> {
  await allowNamedFunctions(page);
  await page.evaluate(() => {
    const g = globalThis as unknown as TimerGlobals;
    const times: CheckTimes = { phases: [] };
    g.__benchCheck = times;
    const observed = new WeakSet<Node>();
    const look = () => {
      const root = document.querySelector('csv-guard')?.shadowRoot;
      if (!root) return;
      if (!observed.has(root)) {
        observed.add(root);
        new MutationObserver(look).observe(root, { subtree: true, childList: true, attributes: true });
      }
      if (times.shownAt !== undefined) times.lastChangeAt = performance.now();
      // Phases are noted before chosenAt is known: the guard's change listener, registered first, draws
      // "reading" in the same task, and this observer runs before the bench's own change listener.
      if (times.shownAt !== undefined || times.errorAt !== undefined) return;
      const phase = root.querySelector('[data-testid="progress"]')?.getAttribute('data-phase');
      if (phase && times.phases.at(-1)?.phase !== phase) times.phases.push({ phase, at: performance.now() });
      if (times.chosenAt === undefined) return;
      if (root.querySelector('[data-testid="summary"]')) times.shownAt = times.lastChangeAt = performance.now();
      const error = root.querySelector('[data-testid="guard-error"]');
      if (error) {
        times.errorAt = performance.now();
        times.error = error.textContent ?? '';
      }
    };
    window.addEventListener(
      'change',
      (event) => {
        if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'file') return;
        times.chosenAt = event.timeStamp;
        times.shownAt = times.lastChangeAt = times.errorAt = times.error = undefined;
        times.phases = times.phases.filter((p) => p.at >= event.timeStamp);
      },
      true,
    );
    new MutationObserver(look).observe(document.documentElement, { subtree: true, childList: true });
    look();
  });
  // Playwright builds its helper script in the page's world on the first waitForFunction, a task of
  // 70–100 ms: build it now, so it cannot fall inside the check and count as the guard's long task.
  await page.waitForFunction(() => true);
}

export interface CheckOutcome {
  chosenAt: number;
  shownAt: number;
  /** From the file chosen to the summary shown. */
  ms: number;
  /** Milliseconds from the file chosen to each progress phase first shown. */
  phases: { phase: string; ms: number }[];
  /**
   * Milliseconds from the file chosen to the guard's own marks (e2e build, lib/page/check-session
   * CheckMark): 'file-sent' (the page handed the file, or its last slice, to the background), 'reply'
   * (the background's answer reached the content script), 'summary-drawn' (the panel rendered it).
   */
  marks: Record<string, number>;
}

/** Waits for the summary (or an error, which throws) after a file was chosen. */
export async function waitForCheck(page: Page, timeoutMs: number): Promise<CheckOutcome> {
  const handle = await page.waitForFunction(
    () => {
      const t = (globalThis as unknown as TimerGlobals).__benchCheck;
      return t && t.chosenAt !== undefined && (t.shownAt !== undefined || t.errorAt !== undefined) ? t : undefined;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  const times = (await handle.jsonValue()) as CheckTimes;
  if (times.errorAt !== undefined) throw new Error(`The panel showed an error: ${times.error?.trim()}`);
  const chosenAt = times.chosenAt!;
  // The content script's performance.mark calls land on the page's one timeline, seen from this world too.
  const marks = await page.evaluate(
    (from) =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('csv-guard:') && m.startTime >= from)
        .map((m) => ({ name: m.name.slice('csv-guard:'.length), at: m.startTime })),
    chosenAt,
  );
  return {
    chosenAt,
    shownAt: times.shownAt!,
    ms: times.shownAt! - chosenAt,
    phases: times.phases.map((p) => ({ phase: p.phase, ms: p.at - chosenAt })),
    marks: Object.fromEntries(marks.map((m) => [m.name, m.at - chosenAt])),
  };
}

/**
 * After the summary, waits until the panel has not changed for `quietMs` (every group of findings
 * drawn) and returns when it last changed (page clock). The page's long tasks are counted up to here.
 */
export async function waitForPanelDrawn(page: Page, quietMs: number, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (quiet) => {
      const t = (globalThis as unknown as TimerGlobals).__benchCheck;
      return t?.lastChangeAt !== undefined && performance.now() - t.lastChangeAt >= quiet ? t.lastChangeAt : undefined;
    },
    quietMs,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}
