import { cpus, loadavg } from 'node:os';
import type { WorkerSteps } from './worker-marks';

/** The shape of bench-results.json and the table printed from it. */

export interface UploadSizeResult {
  rows: number;
  runs: number;
  /** Median over runs: file chosen → summary shown. */
  checkMs: number;
  /** Median over runs: file chosen → every group of findings drawn (the panel's last change). */
  drawnMs: number;
  /** Median over runs: papaparse alone on the same text in the same page. */
  bareParseMs: number;
  ratioToBareParse: number;
  msPer1000Rows: number;
  /** Worst over runs, from the file chosen until every group is drawn. */
  longestTaskMs: number;
  longTasks: number;
  pagePeakMB: number;
  workerPeakMB: number;
  /** Worker heap after the last run's check and a forced garbage collection. */
  workerRetainedMB: number;
  allRunsMs: number[];
  /** Where the time went in the median run, from the panel's progress phases (see CheckSteps). */
  steps: CheckSteps;
  /** The worker's own split of the median run (its marks). */
  workerSteps: WorkerSteps;
  summary: { rows: number; updates: number; newAccounts: number; blocked: number };
  ruleCounts: Record<string, number>;
  missingRules: string[];
}

/**
 * A check's time split at the progress phases the panel shows (each phase is announced by the
 * background and drawn by the page, so every boundary is a little late, never early).
 */
export interface CheckSteps {
  /**
   * File chosen → "parsing": the page hands the file to the background (the File itself, or its text in
   * slices where messages are JSON), and the background reads and decodes it.
   */
  readAndSendMs: number;
  /** File chosen → the page has handed the whole file to the background (the guard's 'file-sent' mark): the page's work before the background has it. */
  pageHandOverMs: number;
  /** The background's answer in the content script ('reply' mark) → the summary shown: the panel's render of the reply. */
  replyToSummaryMs: number;
  /** "parsing" → "looking-up": the background parses the text and resolves the columns. */
  parseMs: number;
  /** "looking-up" → "checking": cached mailboxes and submission history from IndexedDB. */
  lookupMs: number;
  /** "checking" → summary shown: the rules, the report, its trip back to the page and the panel's render. */
  rulesReplyRenderMs: number;
}

export function checkSteps(phases: { phase: string; ms: number }[], totalMs: number, marks: Record<string, number> = {}): CheckSteps {
  const at = (phase: string) => phases.find((p) => p.phase === phase)?.ms ?? Number.NaN;
  return {
    readAndSendMs: at('parsing'),
    pageHandOverMs: marks['file-sent'] ?? Number.NaN,
    replyToSummaryMs: totalMs - (marks['reply'] ?? Number.NaN),
    parseMs: at('looking-up') - at('parsing'),
    lookupMs: at('checking') - at('looking-up'),
    rulesReplyRenderMs: totalMs - at('checking'),
  };
}

/** The first check after the import, on its own: storage is still settling after 100,000 writes. */
export interface FirstCheckResult {
  rows: number;
  checkMs: number;
  steps: CheckSteps;
}

export interface StoreResult {
  reportRows: number;
  importMs: number;
  /** The same row chunks and key tables written bare, one transaction. */
  bareWriteMs: number;
  importRatioToBareWrite: number;
  /** The old layout (one record per mailbox, four indexes) written bare: the old import was 1.02x this. */
  oldLayoutWriteMs: number;
  importRatioToOldLayout: number;
  chunks: number;
  importWorkerPeakMB: number;
  /** Worker heap after a forced GC with the imported report's index held in memory (before any check). */
  reportCachedHeapMB: number;
  lookupIds: number;
  lookupMailboxes: number;
  /** Medians of the runs: warm (index in memory) and cold (worker just stopped). */
  lookupMs: number;
  coldLookupMs: number;
  /** The key tables and every chunk read bare, no decoding. */
  bareReadMs: number;
  /** The key tables read bare: as stored, without the name kind, and each kind on its own (see BareIdbTiming). */
  bareKeyReads: { wholeMs: number; withoutNameMs: number; kindMs: Record<string, number> };
}

export interface TargetCheck {
  target: string;
  met: boolean;
  detail: string;
}

export interface BrowserBenchResults {
  when: string;
  machine: { cpus: number; cpuModel: string; loadAverage: number[]; node: string; chromium: string };
  store: StoreResult;
  firstCheck: FirstCheckResult;
  uploads: UploadSizeResult[];
  /** Warm checks of files the worker has not seen before, each run another file (the runs of `uploads` check one file again). */
  newFileUploads: UploadSizeResult[];
  /** First checks right after the worker was stopped, the file chosen with no click before (the issue's cold check). */
  coldUploads: UploadSizeResult[];
  /** The same, but the admin clicked Browse `browseLeadMs` before choosing: the worker read ahead meanwhile. */
  coldBrowseUploads: UploadSizeResult[];
  /** Warm checks of the 10,000- and 50,000-row files with the whole 50,000-row file an earlier upload still processing (none when it was not checked). */
  repeatUploads: UploadSizeResult[];
  browseLeadMs: number;
  /** The slot request (slot-acquire) for a checked file of `rows` rows: the page holds Upload until it is answered. */
  slotGrant: { rows: number; ms: number };
  scale: { fromRows: number; toRows: number; rowsFactor: number; timeFactor: number };
  targets: TargetCheck[];
}

export function machineNow(chromium: string): BrowserBenchResults['machine'] {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
    chromium,
  };
}

export const MB = 1024 * 1024;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en-GB')} ms`;
const mb = (n: number) => `${n.toFixed(1)} MB`;
const x = (n: number) => `${n.toFixed(2)}x`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function formatResults(r: BrowserBenchResults): string {
  const s = r.store;
  const store = table(
    ['measure', 'time', 'bare IndexedDB reference', 'ratio'],
    [
      [
        `import ${s.reportRows.toLocaleString('en-GB')}-row Mailbox Report (port, start → done)`,
        ms(s.importMs),
        `${ms(s.bareWriteMs)} (bare write of the same ${s.chunks} chunks + key tables, one transaction)`,
        x(s.importRatioToBareWrite),
      ],
      [
        '  the same against the old layout',
        ms(s.importMs),
        `${ms(s.oldLayoutWriteMs)} (bare write of one record per mailbox, 4 indexes: the old import was 1.02x this)`,
        x(s.importRatioToOldLayout),
      ],
      [
        `check of ${s.lookupIds.toLocaleString('en-GB')} local IDs, lookup included (${s.lookupMailboxes.toLocaleString('en-GB')} found), warm`,
        ms(s.lookupMs),
        `${ms(s.bareReadMs)} (bare read of key tables + every chunk)`,
        x(s.lookupMs / s.bareReadMs),
      ],
      ['  the same, cold (worker just stopped, includes its start)', ms(s.coldLookupMs), ms(s.bareReadMs), x(s.coldLookupMs / s.bareReadMs)],
    ],
  );
  const uploadRows = (list: UploadSizeResult[]) =>
    list.map((u) => [
      u.rows.toLocaleString('en-GB'),
      ms(u.checkMs),
      ms(u.drawnMs),
      ms(u.bareParseMs),
      x(u.ratioToBareParse),
      u.msPer1000Rows.toFixed(0),
      ms(u.longestTaskMs),
      String(u.longTasks),
      mb(u.pagePeakMB),
      mb(u.workerPeakMB),
      mb(u.workerRetainedMB),
      u.allRunsMs.map((n) => Math.round(n)).join(', '),
    ]);
  const head = [
    'rows',
    'summary shown',
    'all drawn',
    'bare papaparse',
    'ratio',
    'ms / 1,000 rows',
    'longest task',
    'tasks > 50 ms',
    'page heap peak',
    'worker heap peak',
    'worker heap after GC',
    'runs (ms)',
  ];
  const cold = table(head, uploadRows(r.coldUploads));
  const coldBrowse = table(head, uploadRows(r.coldBrowseUploads));
  const repeat = r.repeatUploads.length > 0 ? table(head, uploadRows(r.repeatUploads)) : undefined;
  const labelled = [
    ...r.uploads.map((u) => ({ u, label: 'warm' })),
    ...r.newFileUploads.map((u) => ({ u, label: 'warm, a new file each run' })),
    ...r.coldUploads.map((u) => ({ u, label: 'cold' })),
    ...r.coldBrowseUploads.map((u) => ({ u, label: 'cold, Browse first' })),
    ...r.repeatUploads.map((u) => ({ u, label: 'repeating an upload in flight' })),
  ];
  const uploads = table(head, uploadRows(r.uploads));
  const steps = table(
    ['rows', 'page hands over', 'file to background', 'background parses', 'IndexedDB lookup', 'rules + reply + render', 'reply → summary'],
    labelled.map(({ u, label }) => [
      `${u.rows.toLocaleString('en-GB')} ${label}`,
      ms(u.steps.pageHandOverMs),
      ms(u.steps.readAndSendMs),
      ms(u.steps.parseMs),
      ms(u.steps.lookupMs),
      ms(u.steps.rulesReplyRenderMs),
      ms(u.steps.replyToSummaryMs),
    ]),
  );
  const workerSteps = table(
    ['rows', 'read File', 'parse', 'fingerprint', 'keys + lookup', 'index', 'rules', 'report', 'total'],
    labelled.map(({ u, label }) => {
      const w = u.workerSteps;
      const parts = [w['file-read'], w.parsed, w.fingerprinted, w['looked-up'], w.indexed, w.ruled, w.replied];
      return [
        `${u.rows.toLocaleString('en-GB')} ${label}`,
        ...parts.map((p) => ms(p ?? Number.NaN)),
        ms(parts.reduce<number>((a, p) => a + (p ?? 0), 0)),
      ];
    }),
  );
  const findings = r.uploads.map(
    (u) =>
      `${u.rows.toLocaleString('en-GB')} rows: ${Object.entries(u.ruleCounts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}${u.missingRules.length ? ` — NOT FOUND: ${u.missingRules.join(', ')}` : ''}`,
  );
  const targets = r.targets.map((t) => `${t.met ? 'MET   ' : 'MISSED'} ${t.target}: ${t.detail}`);
  const m = r.machine;
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, load average ${m.loadAverage.join(' ')}, Node ${m.node}, ${m.chromium}`,
    '',
    `Mailbox Report store (import worker heap peak ${mb(s.importWorkerPeakMB)}; worker heap after GC with the report cached ${mb(s.reportCachedHeapMB)})`,
    store,
    `Key tables read bare (medians, no decoding): the one record as stored ${ms(s.bareKeyReads.wholeMs)}, without the name kind ${ms(s.bareKeyReads.withoutNameMs)}; each kind's table and hash index alone: ${Object.entries(
      s.bareKeyReads.kindMs,
    )
      .map(([kind, n]) => `${kind} ${ms(n)}`)
      .join(', ')}`,
    '',
    `First check after the import (${r.firstCheck.rows.toLocaleString('en-GB')} rows, not in the medians below): ${ms(r.firstCheck.checkMs)}, of which IndexedDB lookup ${ms(r.firstCheck.steps.lookupMs)}`,
    '',
    `Upload checks against ${s.reportRows.toLocaleString('en-GB')} mailboxes (medians; longest task and peaks are the worst run)`,
    uploads,
    '',
    ...(r.newFileUploads.length > 0
      ? [
          'Warm, a file the worker has not seen: each run other people (the runs above check one file again, and find its mailboxes decoded already)',
          table(head, uploadRows(r.newFileUploads)),
          '',
        ]
      : []),
    'Cold first checks: the worker stopped through the DevTools protocol (as Chrome stops an idle one), then the file chosen',
    cold,
    '',
    `Cold first checks, the admin clicked Browse ${ms(r.browseLeadMs)} before choosing: the worker stopped, then Browse clicked (the worker reads ahead while the file dialog is open), then the file chosen`,
    coldBrowse,
    '',
    ...(repeat
      ? [
          'The same files again, warm, with the whole 50,000-row file an earlier upload still processing (re-submitting a file or its first part after a failure mid-run: every row a resubmission finding, the remainder planned)',
          repeat,
          '',
        ]
      : []),
    'Where the time goes (median run, split at the progress phases the panel shows)',
    steps,
    '',
    'Inside the worker (median run, from its own marks; the page waits for these between "file to background" and the reply)',
    workerSteps,
    '',
    `Upload slot granted for a checked ${r.slotGrant.rows.toLocaleString('en-GB')}-row file (slot-acquire, answer to the page included): ${ms(r.slotGrant.ms)}`,
    '',
    `Scale: ${r.scale.fromRows.toLocaleString('en-GB')} → ${r.scale.toRows.toLocaleString('en-GB')} rows (${r.scale.rowsFactor}x) took ${x(r.scale.timeFactor)} the time`,
    '',
    'Findings per rule (panel group headings):',
    ...findings,
    '',
    'Targets:',
    ...targets,
  ].join('\n');
}
