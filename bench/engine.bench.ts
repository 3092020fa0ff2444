/**
 * npm run bench: the check engine on a generated 100,000-row Mailbox Report and a 10,000-row upload.
 * Prints parse times, full check time, peak memory, and the ratio of the full check to a bare
 * papaparse parse of the same two files (target: at most 2x). Not a test: numbers vary by machine.
 *
 * Each phase runs RUNS times after a warm-up, with garbage collected before each run; the median
 * is shown. Wall time and this process's CPU time are both given: on a shared machine the CPU time
 * is the steadier of the two, so the ratio is computed from it (and from wall time alongside).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import { runChecks } from '../lib/checks/engine';
import { lookupKeysFor } from '../lib/checks/lookup-keys';
import { buildMailboxIndex, selectMailboxes } from '../lib/checks/mailbox-index';
import { selectFromReport } from '../lib/checks/report-selection';
import { readCsvBytes } from '../lib/csv/read';
import type { CsvTable } from '../lib/csv/types';
import { resolveUploadColumns } from '../lib/portal/columns';
import type { ReportMeta } from '../lib/portal/mailbox';
import { parseMailboxReport } from '../lib/portal/mailbox-report';
import { BUNDLED_TEMPLATE } from '../lib/portal/template';
import { COL, generatePeople, mailboxReportCsv, uploadCsv } from '../tests/support/generate';

const RUNS = 7;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Timing {
  wall: number;
  cpu: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall and CPU milliseconds of fn; keeps the last result. */
function bench<T>(fn: () => T): Timing & { value: T } {
  fn(); // warm up
  const walls: number[] = [];
  const cpus: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    value = undefined as T;
    gc();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    value = fn();
    walls.push(performance.now() - wall0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus), value };
}

function table(bytes: Uint8Array, name: string): CsvTable {
  const r = readCsvBytes(bytes, name);
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
}

// Data: 100,000 mailboxes; an upload of 10,000 of them with the usual mistakes sprinkled in.
const REPORT_ROWS = 100_000;
// The generated people are only needed to write the two files; they are not kept alive.
const { reportText, uploadText } = (() => {
  const people = generatePeople(REPORT_ROWS, 42);
  return {
    reportText: mailboxReportCsv(people),
    uploadText: uploadCsv(people.slice(0, 10_000), (row, i) => {
      if (i % 97 === 0) return Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' });
      if (i % 101 === 0) return Object.assign([...row], { [COL.ExternalSyncID!]: `RXX9${i}` });
      if (i % 89 === 0) return Object.assign([...row], { [COL.JobTitle!]: 'Ward Manager' });
      return row;
    }),
  };
})();
const reportBytes = new TextEncoder().encode(reportText);
const uploadBytes = new TextEncoder().encode(uploadText);
const settings = { batchSize: 500, staleReportDays: 7 };
const meta = (count: number): ReportMeta[] => [{ orgId: 'RXX', orgLabel: 'RXX', fileName: 'Mailbox Report.csv', importedAt: Date.now(), rowCount: count, rowsWithoutLocalId: 0, columns: [] }];

/**
 * What `npm run check` does: read both files, take from the report the mailboxes the upload can
 * match (by local ID, email, or mobile and name; as the store does with its indexes), index them,
 * run every rule.
 */
function fullCheck() {
  const upload = table(uploadBytes, 'users.csv');
  const columns = resolveUploadColumns(upload.header);
  const report = table(reportBytes, 'Mailbox Report.csv');
  const selected = selectFromReport(report, 'RXX', lookupKeysFor(upload, columns));
  if (!selected.ok) throw new Error(selected.error);
  const mailboxes = buildMailboxIndex(selected.mailboxes);
  return runChecks({ table: upload, template: BUNDLED_TEMPLATE, columns, mailboxes, reports: meta(selected.rowCount), settings, submissions: [], now: Date.now() }).summary;
}

const bareReport = bench(() => Papa.parse(reportText).data.length);
const bareUpload = bench(() => Papa.parse(uploadText).data.length);
const readReport = bench(() => table(reportBytes, 'Mailbox Report.csv'));
const readUpload = bench(() => table(uploadBytes, 'users.csv'));
const toMailboxes = bench(() => parseMailboxReport(readReport.value, 'RXX'));
const all = toMailboxes.value.ok ? toMailboxes.value.mailboxes : [];
const uploadTable = readUpload.value;
const columns = resolveUploadColumns(uploadTable.header);
const keys = lookupKeysFor(uploadTable, columns);
const fromReport = bench(() => selectFromReport(readReport.value, 'RXX', keys));
const select = bench(() => selectMailboxes(all, keys));
const index = bench(() => buildMailboxIndex(select.value));
const indexAll = bench(() => buildMailboxIndex(all).size);
const rules = bench(() => runChecks({ table: uploadTable, template: BUNDLED_TEMPLATE, columns, mailboxes: index.value, reports: meta(all.length), settings, submissions: [], now: Date.now() }));
const full = bench(fullCheck);

const bare: Timing = { wall: bareReport.wall + bareUpload.wall, cpu: bareReport.cpu + bareUpload.cpu };
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (label: string, t: Timing, note = '') => console.log(`${label.padEnd(44)}${t.wall.toFixed(0).padStart(7)} ms${t.cpu.toFixed(0).padStart(9)} ms  ${note}`);
const cpu = cpus();

console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${mb(totalmem())} RAM, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the end`);
console.log(`Data: Mailbox Report ${REPORT_ROWS.toLocaleString('en-GB')} rows (${mb(reportBytes.length)}), upload ${uploadTable.rows.length.toLocaleString('en-GB')} rows (${mb(uploadBytes.length)}); median of ${RUNS} runs`);
console.log('');
console.log(`${''.padEnd(44)}${'wall'.padStart(10)}${'CPU'.padStart(12)}`);
row('Bare papaparse, report', bareReport);
row('Bare papaparse, upload', bareUpload);
row('readCsvBytes, report', readReport, '(decode, line numbers, shape)');
row('readCsvBytes, upload', readUpload);
row('parseMailboxReport, 100,000 rows', toMailboxes, '(store engineer\'s parser)');
row('selectFromReport (report rows the upload can match)', fromReport, `(${fromReport.value.ok ? fromReport.value.mailboxes.length.toLocaleString('en-GB') : 0} mailboxes; replaces the two lines above)`);
row('selectMailboxes, from all 100,000 (for reference)', select);
row('buildMailboxIndex, selected', index);
row('buildMailboxIndex, all 100,000 (for reference)', indexAll);
row('runChecks, every rule', rules, `(${rules.value.findings.length.toLocaleString('en-GB')} findings)`);
row('Full check (read both, select, index, rules)', full);
console.log('');
console.log(`Ratio full check / bare parse: ${(full.cpu / bare.cpu).toFixed(2)}x by CPU time, ${(full.wall / bare.wall).toFixed(2)}x by wall time (target ≤ 2x)`);
console.log(`Peak memory (max RSS of the whole run): ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log(`Heap in use at the end: ${mb(process.memoryUsage().heapUsed)}`);
