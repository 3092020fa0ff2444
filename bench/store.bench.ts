/**
 * Store bench (run: npx tsx bench/store.bench.ts): importing a generated 100,000-row Mailbox Report
 * into the store, against a bare idb write of the same row chunks and key tables; and looking up
 * 10,000 local IDs (and 10,000 mixed keys) warm (index in memory) and cold (index from the key tables).
 *
 * This runs on fake-indexeddb in Node: it measures CSV Guard's own work (parsing, mapping, batching,
 * the generation swap) relative to the storage underneath, NOT browser IndexedDB speed. The browser
 * bench (npm run bench:browser) measures the import in Chromium. Not a test: numbers vary by machine.
 * Each figure is the median of RUNS runs, wall time and this process's CPU time; the ratio uses CPU
 * time, the steadier of the two on a shared machine.
 */
import 'fake-indexeddb/auto';
import { ImportsInProgress } from '../lib/store/imports-in-progress';
import { cpus, loadavg, totalmem } from 'node:os';
import { emailKey, mobileKey, nameKey } from '../lib/portal/normalize';
import { planMailboxReport } from '../lib/portal/mailbox-report';
import { openGuardDb, type GuardDb } from '../lib/store/db';
import { GenerationWriter } from '../lib/store/generation-layout';
import { importMailboxReport } from '../lib/store/import-report';
import { lookupMailboxes } from '../lib/store/lookup';
import { LookupCache } from '../lib/store/lookup-cache';
import { generatePeople, mailboxReportCsv } from '../tests/support/generate';
import Papa from 'papaparse';
import { measureAsync, median, type Timing } from './timing';

const ROWS = 100_000;
const LOOKUP_KEYS = 10_000;
const RUNS = 3;

async function bench<T>(setup: () => Promise<void>, fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const runs: (Timing & { value: T })[] = [];
  for (let i = 0; i < RUNS; i++) {
    await setup();
    runs.push(await measureAsync(fn));
  }
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), value: runs.at(-1)!.value };
}

const ms = (t: Timing) => `${Math.round(t.wall).toLocaleString('en-GB')} ms wall, ${Math.round(t.cpu).toLocaleString('en-GB')} ms CPU`;

let dbCounter = 0;
async function freshDb(): Promise<GuardDb> {
  dbCounter += 1;
  return openGuardDb(`bench-${dbCounter}`);
}

async function main() {
  const cpu = cpus()[0];
  console.log('CSV Guard store bench (fake-indexeddb in Node: not browser IndexedDB figures)');
  console.log(
    `Machine: ${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const people = generatePeople(ROWS, 11);
  const text = mailboxReportCsv(people);
  console.log(`Report: ${ROWS.toLocaleString('en-GB')} rows, ${(text.length / 2 ** 20).toFixed(1)} MiB of text\n`);

  // The same records the import writes, built outside the timing, for the bare write.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;
  const planned = planMailboxReport(parsed[0]!, 'Mailbox Report.csv');
  if (!planned.ok) throw new Error(planned.error);
  const writer = new GenerationWriter('bare');
  for (const values of parsed.slice(1)) writer.add(planned.plan.toMailbox(values, 'bench'));
  const { keyTables } = writer.finish();
  const chunks = writer.chunkTexts.map((rows, chunk) => ({ generation: 'bare', chunk, rows }));

  let db!: GuardDb;
  // The worker's lookup cache, as the background builds it: the import warms it, the cold lookups clear it.
  const lookupCache = new LookupCache();
  const bare = await bench(
    async () => {
      db = await freshDb();
    },
    async () => {
      const tx = db.transaction(['reportChunks', 'reportKeys'], 'readwrite');
      for (const chunk of chunks) void tx.objectStore('reportChunks').put(chunk);
      void tx.objectStore('reportKeys').put(keyTables);
      await tx.done;
    },
  );
  console.log(`Bare idb write of the same ${chunks.length} row chunks and key tables, one transaction: ${ms(bare)}`);

  const imported = await bench(
    async () => {
      db = await freshDb();
    },
    () => importMailboxReport(db, { orgLabel: 'Bench', fileName: 'Mailbox Report.csv', text }, { imports: new ImportsInProgress(), lookupCache }),
  );
  console.log(`importMailboxReport (parse, map, batched writes, swap): ${ms(imported)}`);
  console.log(`  ratio to the bare write: ${(imported.cpu / bare.cpu).toFixed(2)}× CPU, ${(imported.wall / bare.wall).toFixed(2)}× wall`);

  const replaced = await bench(
    async () => undefined,
    () => importMailboxReport(db, { orgLabel: 'Bench', fileName: 'Mailbox Report.csv', text }, { imports: new ImportsInProgress(), lookupCache }),
  );
  console.log(`Re-import replacing the same organisation's report (adds deleting the old rows): ${ms(replaced)}\n`);

  // 10,000 local IDs of an upload: 9,500 in the report, 500 not.
  const localIds = Array.from({ length: LOOKUP_KEYS }, (_, i) => (i % 20 === 19 ? `MISSING${i}` : people[(i * 7) % ROWS]!.localId));
  const mixed = {
    localIds: localIds.slice(0, LOOKUP_KEYS / 4),
    emails: people.slice(0, LOOKUP_KEYS / 4).map((p) => emailKey(p.email)),
    nameKeys: people.slice(30_000, 30_000 + LOOKUP_KEYS / 4).map((p) => nameKey(p.firstName, p.lastName)),
    mobiles: people.slice(60_000, 60_000 + LOOKUP_KEYS / 4).map((p) => mobileKey(p.mobile)),
  };
  const onlyIds = { localIds, emails: [], nameKeys: [], mobiles: [] };
  for (const [label, keys] of [
    ['10,000 local IDs', onlyIds],
    ['10,000 mixed keys (local ID, email, name, mobile)', mixed],
  ] as const) {
    const cold = await bench(
      async () => lookupCache.clear(),
      () => lookupMailboxes(db, lookupCache, keys),
    );
    console.log(
      `Lookup of ${label}, cold (index from the key tables, then the chunks): ${ms(cold)} → ${cold.value.mailboxes.length.toLocaleString('en-GB')} mailboxes`,
    );
    const warm = await bench(
      async () => undefined,
      () => lookupMailboxes(db, lookupCache, keys),
    );
    console.log(`Lookup of ${label}, warm (index and chunks in memory): ${ms(warm)}`);
  }
}

void main();
