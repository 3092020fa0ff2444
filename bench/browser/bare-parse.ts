import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * The reference for a check's time: papaparse alone parsing the same text, in the same page, on the
 * same main thread. papaparse is not on the portal page, so it is added to the page's main world.
 */

const PAPAPARSE_PATH = createRequire(import.meta.url).resolve('papaparse/papaparse.min.js');

interface PapaGlobals {
  Papa?: { parse(text: string, config: { header: boolean; skipEmptyLines: boolean }): { data: unknown[] } };
  __benchText?: string;
}

/** Median of `runs` parses, in ms (the text is handed to the page first and not timed). */
export async function timeBareParse(page: Page, text: string, runs = 3): Promise<{ ms: number; records: number }> {
  if (!(await page.evaluate(() => Boolean((globalThis as unknown as PapaGlobals).Papa)))) await page.addScriptTag({ path: PAPAPARSE_PATH });
  await page.evaluate((value) => void ((globalThis as unknown as PapaGlobals).__benchText = value), text);
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < runs; i++) {
    const run = await page.evaluate(() => {
      const g = globalThis as unknown as PapaGlobals;
      const started = performance.now();
      const parsed = g.Papa!.parse(g.__benchText!, { header: false, skipEmptyLines: true });
      return { ms: performance.now() - started, records: parsed.data.length };
    });
    times.push(run.ms);
    records = run.records;
  }
  await page.evaluate(() => void delete (globalThis as unknown as PapaGlobals).__benchText);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, records };
}
