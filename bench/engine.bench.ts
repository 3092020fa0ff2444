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
import Papa from 'papaparse';
import { runChecks } from '../lib/checks/engine';
import { lookupKeysFor } from '../lib/checks/lookup-keys';
import { buildMailboxIndex, selectMailboxes } from '../lib/checks/mailbox-index';
import { selectFromReport } from '../lib/checks/report-selection';
import { readCsvBytes } from '../lib/csv/read';
import type { CsvSource, CsvTable } from '../lib/csv/types';
import { resolveUploadColumns } from '../lib/portal/columns';
import type { ReportMeta } from '../lib/portal/mailbox';
import { parseMailboxReport } from '../lib/portal/mailbox-report';
import { BUNDLED_TEMPLATE } from '../lib/portal/template';
import { fingerprintTable } from '../lib/submissions/fingerprint';
import { predictedRows, rowKeys } from '../lib/submissions/submitted-rows';
import type { Submission } from '../lib/submissions/types';
import { COL, generatePeople, mailboxReportCsv, uploadCsv } from '../tests/support/generate';
import { measure, median, type Timing } from './timing';

const RUNS = 9;

/**
 * Run every phase RUNS times, round-robin, after one warm-up round, and take each phase's median.
 * Round-robin so that garbage left by one phase is collected during all phases alike, as in a
 * steady state; forcing a collection before each run instead shrinks the young generation and
 * bills its regrowth to whatever runs next.
 */
function benchAll<K extends string>(phases: Record<K, () => unknown>): Record<K, Timing> {
  const names = Object.keys(phases) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as Timing[]])) as Record<K, Timing[]>;
  for (const n of names) phases[n]();
  for (let i = 0; i < RUNS; i++) for (const n of names) samples[n].push(measure(phases[n]));
  return Object.fromEntries(
    names.map((n) => [n, { wall: median(samples[n].map((t) => t.wall)), cpu: median(samples[n].map((t) => t.cpu)) }]),
  ) as Record<K, Timing>;
}

function table(bytes: Uint8Array, name: string): CsvTable {
  return read(bytes, name).table;
}

/** The table and the text it was parsed from (the check's cell scan searches that, as in the worker). */
function read(bytes: Uint8Array, name: string): { table: CsvTable; source: CsvSource } {
  const r = readCsvBytes(bytes, name);
  if (!r.ok) throw new Error(r.error.message);
  return r;
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
const meta = (count: number): ReportMeta[] => [
  { orgId: 'RXX', orgLabel: 'RXX', fileName: 'Mailbox Report.csv', importedAt: Date.now(), rowCount: count, rowsWithoutLocalId: 0, columns: [] },
];

/**
 * What `npm run check` does: read both files, take from the report the mailboxes the upload can
 * match (by local ID, email, or mobile and name; as the store does with its indexes), index them,
 * run every rule.
 */
function fullCheck() {
  const { table: upload, source } = read(uploadBytes, 'users.csv');
  const columns = resolveUploadColumns(upload.header);
  const report = table(reportBytes, 'Mailbox Report.csv');
  const selected = selectFromReport(report, 'RXX', lookupKeysFor(upload, columns));
  if (!selected.ok) throw new Error(selected.error);
  const mailboxes = buildMailboxIndex(selected.mailboxes);
  return runChecks({
    table: upload,
    source,
    template: BUNDLED_TEMPLATE,
    columns,
    mailboxes,
    reports: meta(selected.rowCount),
    settings,
    submissions: [],
    now: Date.now(),
  }).summary;
}

// Peak memory of one full check, measured first, before the repeated runs add their garbage.
const rssBefore = process.memoryUsage().rss;
const first = measure(fullCheck);
const peakAfterOneCheck = process.resourceUsage().maxRSS * 1024;

const reportTable = table(reportBytes, 'Mailbox Report.csv');
const { table: uploadTable, source: uploadSource } = read(uploadBytes, 'users.csv');
const parsedReport = parseMailboxReport(reportTable, 'RXX');
const all = parsedReport.ok ? parsedReport.mailboxes : [];
const columns = resolveUploadColumns(uploadTable.header);
const keys = lookupKeysFor(uploadTable, columns);
const selected = selectFromReport(reportTable, 'RXX', keys);
const selectedMailboxes = selected.ok ? selected.mailboxes : [];
const index = buildMailboxIndex(selectedMailboxes);
const { fingerprint, rowHashes } = fingerprintTable(uploadTable.rows.map((row) => row.values));
/** Every rule on the upload, with these earlier uploads recorded (the worker passes the fingerprint it made). */
const checkAgainst = (submissions: Submission[]) =>
  runChecks({
    table: uploadTable,
    source: uploadSource,
    template: BUNDLED_TEMPLATE,
    columns,
    mailboxes: index,
    reports: meta(all.length),
    settings,
    submissions,
    now: Date.now(),
    fingerprint,
    rowHashes,
  });
const checkOnly = () => checkAgainst([]);
const findings = checkOnly().findings.length;

// The admin checking the file again after a failed upload: the same rows, recorded as an upload the portal
// is still processing an hour ago, and a report taken since (every row is then judged against it).
const predictedUpdates = checkOnly().predictedUpdateLocalIds;
const anHourAgo = Date.now() - 3_600_000;
const earlierUpload: Submission = {
  id: 'earlier',
  state: 'processing',
  fileName: 'users.csv',
  fingerprint,
  rowCount: uploadTable.rows.length,
  header: uploadTable.header,
  localIds: [...new Set(uploadTable.rows.map((row) => rowKeys(row.values, columns).localId).filter(Boolean))],
  predictedUpdateLocalIds: predictedUpdates,
  ...predictedRows(uploadTable, columns, predictedUpdates, rowHashes),
  createdAt: anHourAgo,
  updatedAt: anHourAgo,
  uploadClickedAt: anHourAgo,
  processingAt: anHourAgo,
};
const checkRepeating = () => checkAgainst([earlierUpload]);
const repeated = checkRepeating().findings.filter((f) => f.rule === 'resubmission').length;

const t = benchAll({
  bareReport: () => Papa.parse(reportText).data.length,
  bareUpload: () => Papa.parse(uploadText).data.length,
  readReport: () => table(reportBytes, 'Mailbox Report.csv').rows.length,
  readUpload: () => table(uploadBytes, 'users.csv').rows.length,
  parseReport: () => parseMailboxReport(reportTable, 'RXX').ok,
  fromReport: () => selectFromReport(reportTable, 'RXX', keys).ok,
  select: () => selectMailboxes(all, keys).length,
  index: () => buildMailboxIndex(selectedMailboxes).size,
  indexAll: () => buildMailboxIndex(all).size,
  rules: () => checkOnly().findings.length,
  rulesRepeating: () => checkRepeating().findings.length,
  full: () => fullCheck().rows,
});

const bare: Timing = { wall: t.bareReport.wall + t.bareUpload.wall, cpu: t.bareReport.cpu + t.bareUpload.cpu };
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (label: string, x: Timing, note = '') =>
  console.log(`${label.padEnd(52)}${x.wall.toFixed(0).padStart(7)} ms${x.cpu.toFixed(0).padStart(9)} ms  ${note}`);
const cpu = cpus();

console.log(
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${mb(totalmem())} RAM, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the end`,
);
console.log(
  `Data: Mailbox Report ${REPORT_ROWS.toLocaleString('en-GB')} rows (${mb(reportBytes.length)}), upload ${uploadTable.rows.length.toLocaleString('en-GB')} rows (${mb(uploadBytes.length)}); median of ${RUNS} runs`,
);
console.log('');
console.log(`${''.padEnd(52)}${'wall'.padStart(10)}${'CPU'.padStart(12)}`);
row('Bare papaparse, report', t.bareReport);
row('Bare papaparse, upload', t.bareUpload);
row('readCsvBytes, report', t.readReport, '(decode, line numbers, shape)');
row('readCsvBytes, upload', t.readUpload);
row('selectFromReport (report rows the upload can match)', t.fromReport, `(${selectedMailboxes.length.toLocaleString('en-GB')} mailboxes)`);
row('buildMailboxIndex, selected', t.index);
row('runChecks, every rule', t.rules, `(${findings.toLocaleString('en-GB')} findings)`);
row(
  '  the same, the file repeating an upload in progress',
  t.rulesRepeating,
  `(${repeated.toLocaleString('en-GB')} resubmission findings; a report taken since)`,
);
row('Full check (read both, select, index, rules)', t.full);
console.log('For reference, not part of the full check:');
row('  parseMailboxReport, all 100,000 rows', t.parseReport, "(the store's import)");
row('  selectMailboxes, from 100,000 parsed mailboxes', t.select);
row('  buildMailboxIndex, all 100,000', t.indexAll);
console.log('');
console.log(
  `Ratio full check / bare parse: ${(t.full.cpu / bare.cpu).toFixed(2)}x by CPU time, ${(t.full.wall / bare.wall).toFixed(2)}x by wall time (target ≤ 2x)`,
);
console.log(`First full check: ${first.wall.toFixed(0)} ms (cold, not yet optimised by the JIT)`);
console.log(
  `Peak memory: ${mb(peakAfterOneCheck)} max RSS after one full check (${mb(rssBefore)} before it, holding the two generated files); ${mb(process.resourceUsage().maxRSS * 1024)} after all runs`,
);
