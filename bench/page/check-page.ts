/**
 * Page side of `npm run bench:page` (bench/page.bench.ts): the worker's check pipeline as the check
 * rehearsal runs it (an in-memory report of 100,000 mailboxes, the bench's planted earlier upload in the
 * upload history), bundled for a plain Chromium page. It is bundled once for each revision of lib/ being
 * compared, so it uses only lib/'s long-standing entry points.
 *
 * The script tag's `data-name` says where to put `prepare(rows, repeat)` (Node, for `--node`, imports it); it
 * resolves to a function that runs one check of the planted upload and answers each step's milliseconds. With
 * `repeat`, the earlier upload in flight is the whole planted file (an admin re-submitting it: every row a
 * resubmission finding).
 */
import Papa from 'papaparse';
import { runCheckPipeline, type CheckPipelineDeps, type CheckStep } from '../../lib/background/check-pipeline';
import { rehearsalDeps } from '../../lib/background/check-rehearsal';
import { CheckRuns } from '../../lib/background/check-runs';
import { RecordedRowsCache } from '../../lib/checks/recorded-rows';
import { toCheckReport } from '../../lib/background/check-report';
import { ENGINE_EXPORTS } from '../../lib/background/check-handlers';
import { parseMailboxReport } from '../../lib/portal/mailbox-report';
import { readCsvBytes } from '../../lib/csv/read';
import type { Submission } from '../../lib/submissions/types';
import { generatePeople, mailboxReportCsv } from '../../tests/support/generate';
import { plantedUploadCsv, resubmittedRows, PLANTED_HEADER } from '../browser/planted-upload';

/** Milliseconds of each step of one check (the pipeline's own marks), 'report' and 'total'. */
export type StepTimes = Record<string, number>;

export async function prepare(rows: number, repeat = false): Promise<() => Promise<StepTimes>> {
  const people = generatePeople(100_000, 42);
  const report = readCsvBytes(new TextEncoder().encode(mailboxReportCsv(people)), 'report.csv');
  if (!report.ok) throw new Error(report.error.message);
  const parsed = parseMailboxReport(report.table, 'RXX');
  if (!parsed.ok) throw new Error('The generated Mailbox Report did not parse.');
  let submissions: Submission[] = [];
  const deps: CheckPipelineDeps = rehearsalDeps({ orgId: 'RXX', mailboxes: parsed.mailboxes, uploadText: '' }, () => submissions);

  // The planted earlier upload, in flight, as the browser bench plants it: resubmission findings appear.
  const earlierText = repeat
    ? plantedUploadCsv(people, rows)
    : Papa.unparse({ fields: PLANTED_HEADER, data: resubmittedRows(people, 50_000) }, { newline: '\r\n' });
  const earlier = await runCheckPipeline({ fileName: 'earlier.csv', text: earlierText, encoding: 'utf-8' }, deps);
  if (!earlier.ok) throw new Error(earlier.error);
  const earlierRuns = new CheckRuns(1);
  earlierRuns.keep('earlier', 'earlier.csv', earlier.run);
  const request = earlierRuns.slotRequestFor('earlier');
  if (!request) throw new Error('The earlier upload was not kept.');
  const now = Date.now();
  submissions = [{ id: 'earlier', state: 'processing', ...request, createdAt: now, updatedAt: now, processingAt: now, uploadClickedAt: now }];

  // Decoded afresh for every check, as the worker decodes the file it is sent (outside the timing).
  const bytes = new TextEncoder().encode(plantedUploadCsv(people, rows));
  const runs = new CheckRuns(2);
  // The worker's sets of earlier uploads' rows, kept between checks as the worker keeps them (page.bench.ts stubs
  // the module out for a revision from before it, which then makes them afresh for every check as its worker did).
  const rowSets = (RecordedRowsCache as typeof RecordedRowsCache | undefined) ? new RecordedRowsCache() : undefined;
  let count = 0;
  return async () => {
    const text = new TextDecoder().decode(bytes);
    const times: StepTimes = {};
    const start = performance.now();
    let last = start;
    const mark = (step: CheckStep) => {
      const at = performance.now();
      times[step] = at - last;
      last = at;
    };
    const outcome = await runCheckPipeline(
      { fileName: 'upload.csv', text, encoding: 'utf-8' },
      { ...deps, mark, ...(rowSets ? { recordedRows: rowSets } : {}) },
    );
    if (!outcome.ok) throw new Error(outcome.error);
    // As the worker does next: keep the check (two tabs in turn, so each check replaces one), then the reply.
    const kept = runs.keep(`check${count % 2}`, 'upload.csv', outcome.run, count % 2);
    toCheckReport(kept, ENGINE_EXPORTS.offers(outcome.run));
    times.report = performance.now() - last;
    times.total = performance.now() - start;
    count++;
    return times;
  };
}

// In a page, published where the script tag's data-name says; in Node (bench:page's --node), imported.
const name = typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.dataset.name;
if (name) (globalThis as unknown as Record<string, typeof prepare>)[name] = prepare;
