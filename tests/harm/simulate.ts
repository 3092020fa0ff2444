import type { Finding } from '../../lib/checks/types';
import type { ExportKind } from '../../lib/messaging/checks-protocol';
import { parseUpload } from '../portal-replica/csv-records';
import { decodeUploadBytes, type PortalUpload, type ProcessingFault } from '../portal-replica/portal-model';
import { readRows } from '../portal-replica/upload-rows';
import { DAY, HOUR, MINUTE, SimClock } from './clock';
import { GuardedBrowser, type Tab } from './guard';
import { generateScenario, phoneKey, type Desired, type Episode, type PersonKey, type RowIntent, type Scenario, type UploadFile } from './scenario';
import { noHarm, World, type HarmCounts } from './world';

/** What happened to one scenario, bare and with CSV Guard. */
export interface ScenarioResult {
  seed: number;
  bare: HarmCounts;
  guarded: HarmCounts;
  /** What the admin did with CSV Guard, step by step (for replaying a harmful scenario). */
  log: string[];
  /** An exception inside the guarded run (CSV Guard or the simulator); the scenario's guarded figures are then partial. */
  error?: string;
}

/** Monday 09:00 UTC of the simulated week. */
const WEEK_START = Date.UTC(2026, 10, 2, 9);

/** Rules whose hold an admin rightly acknowledges for a row they mean as a new account. */
const NEW_ACCOUNT_RULES = new Set(['missing-local-id', 'unknown-local-id']);
/** Export kinds that are not a corrected version of the file. */
const NOT_CORRECTIONS = new Set<string>(['without-password', 'without-blocked', 'batches', 'needs-attention', 'remainder']);

export function runScenario(seed: number): Promise<ScenarioResult> {
  return runWeek(generateScenario(seed));
}

/** Both runs of one scenario (generated, or built by hand in tests/harm/cases.ts). */
export async function runWeek(scenario: Scenario): Promise<ScenarioResult> {
  const { seed } = scenario;
  const { desired, starters } = intentions(scenario);
  const bare = runBare(scenario, desired, starters);
  const clock = new SimClock(WEEK_START);
  const restore = clock.install();
  const log: string[] = [];
  try {
    const guarded = await runGuarded(scenario, desired, starters, clock, log);
    return { seed, bare, guarded, log };
  } catch (error) {
    return { seed, bare, guarded: noHarm(), log, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    restore();
  }
}

/** What the admin means by the end of the week: each person's latest intended values, and who should be new. */
function intentions(scenario: Scenario): { desired: Map<PersonKey, Desired>; starters: Set<PersonKey> } {
  const desired = new Map<PersonKey, Desired>();
  const starters = new Set<PersonKey>();
  for (const file of scenario.episodes.flatMap(filesOf)) {
    for (const row of file.rows) {
      if (row.kind === 'update') desired.set(row.person, row.desired);
      else if (row.mess === 'new-starter') starters.add(row.person);
    }
  }
  return { desired, starters };
}

function filesOf(episode: Episode): UploadFile[] {
  return episode.kind === 'second-tab' ? [episode.first, episode.second] : [episode.file];
}

/** The bare portal: the admin uploads the files as they are, and after a failure uploads the whole file again. */
function runBare(scenario: Scenario, desired: Map<PersonKey, Desired>, starters: Set<PersonKey>): HarmCounts {
  const world = World.start(scenario);
  for (const episode of scenario.episodes) {
    switch (episode.kind) {
      case 'plain':
      case 'old-list':
        world.receive(episode.file.name, episode.file.bytes);
        break;
      case 'double-click':
        world.receive(episode.file.name, episode.file.bytes);
        world.receive(episode.file.name, episode.file.bytes);
        break;
      case 'second-tab':
        world.receive(episode.first.name, episode.first.bytes);
        world.receive(episode.second.name, episode.second.bytes);
        break;
      case 'failure': {
        const upload = world.receive(episode.file.name, episode.file.bytes);
        world.processPending(new Map([[upload.uploadId, { failAfterRows: episode.failAfterRows, emailResults: episode.emailResults }]]));
        world.receive(episode.file.name, episode.file.bytes);
        break;
      }
    }
    world.processPending();
  }
  return { ...noHarm(), duplicates: world.duplicates(), overwrites: world.overwrites.size, lostUpdates: world.lostUpdates(desired, starters).lost };
}

/** With CSV Guard: the admin does what it offers (its holds, corrected file, remainder, reconcile). */
async function runGuarded(
  scenario: Scenario,
  desired: Map<PersonKey, Desired>,
  starters: Set<PersonKey>,
  clock: SimClock,
  log: string[],
): Promise<HarmCounts> {
  const world = World.start(scenario);
  const guard = await GuardedBrowser.start();
  const oldReport = scenario.reportPeople.length < scenario.people.length;
  clock.set(WEEK_START - (oldReport ? 9 * DAY : HOUR));
  await guard.importReport(scenario.reportPeople);
  log.push(oldReport ? 'imported a Mailbox Report from 9 days ago (it misses last week\u2019s starters)' : 'imported a fresh Mailbox Report');
  clock.set(WEEK_START);
  const tabs = [guard.openTab(), guard.openTab()] as const;
  const admin = new GuardedAdmin(scenario, world, guard, clock, log);

  for (const [n, episode] of scenario.episodes.entries()) {
    clock.set(WEEK_START + n * DAY);
    log.push(`day ${n + 1}: ${describeEpisode(episode)}`);
    switch (episode.kind) {
      case 'plain':
      case 'old-list':
        await admin.upload(tabs[0], episode.file);
        break;
      case 'double-click':
        await admin.upload(tabs[0], episode.file, { clicks: 2 });
        break;
      case 'second-tab':
        await admin.upload(tabs[0], episode.first);
        await admin.upload(tabs[1], episode.second);
        break;
      case 'failure': {
        admin.afterSilence = episode.afterSilence;
        admin.nextFault = { failAfterRows: episode.failAfterRows, emailResults: episode.emailResults };
        if (!(await admin.upload(tabs[0], episode.file))) {
          // Nothing went up (every row held): no failure to recover from, and no earlier day's file to send again.
          admin.nextFault = undefined;
          log.push('  nothing was uploaded, so there is nothing to upload again');
          break;
        }
        await admin.portalWorks();
        await admin.refreshReport();
        clock.advance(2 * HOUR);
        // Again the file they uploaded (CSV Guard's corrected version of it, if that is what went up).
        const again = admin.lastUploaded!;
        log.push(`  the admin uploads ${again.name} again`);
        await admin.upload(tabs[0], again);
        break;
      }
    }
    await admin.portalWorks();
    await admin.refreshReport();
  }
  const { lost, held } = world.lostUpdates(desired, starters, admin.heldForAdmin);
  log.push(...world.describeHarm(desired, starters, admin.heldForAdmin));
  return {
    duplicates: world.duplicates(),
    overwrites: world.overwrites.size,
    lostUpdates: lost,
    falseHolds: admin.falseHolds,
    falseHoldReasons: admin.falseHoldReasons,
    heldForAdmin: held,
  };
}

function describeEpisode(e: Episode): string {
  const file = (f: UploadFile) => {
    const mess = f.rows.filter((r) => r.mess !== 'correct').map((r) => `${r.mess} ${r.person}`);
    return `${f.name} (${f.rows.length} rows, ${f.encoding}${f.passwordColumn ? ', password column' : ''}${mess.length ? `; ${mess.join(', ')}` : ''})`;
  };
  switch (e.kind) {
    case 'second-tab':
      return `second tab: ${file(e.first)} then ${file(e.second)} from another tab before the first is processed`;
    case 'failure':
      return `failure: ${file(e.file)}; the portal stops after ${e.failAfterRows} rows, ${e.emailResults ? 'results email with blanks' : 'no results email'}; then ${e.afterSilence}`;
    default:
      return `${e.kind}: ${file(e.file)}`;
  }
}

/** The admin with CSV Guard installed: reads its panel, follows it, reconciles every results email. */
class GuardedAdmin {
  falseHolds = 0;
  /** False holds by the reason CSV Guard held the file (see holdReason). */
  readonly falseHoldReasons: Record<string, number> = {};
  /** People whose latest row CSV Guard held and the admin left out, knowing it needs fixing by hand (a later row of theirs that went up clears it). */
  readonly heldForAdmin = new Set<PersonKey>();
  afterSilence: 'mark-finished' | 'wait-expiry' = 'wait-expiry';
  /** The last file that went up, as uploaded, with the intents of the file it came from. */
  lastUploaded?: UploadFile;
  /** The fault the portal will hit on the next upload received. */
  nextFault?: ProcessingFault;
  private readonly faults = new Map<string, ProcessingFault>();
  private readonly phoneOf: Map<PersonKey, string>;
  /** Results arrived since the admin last downloaded a Mailbox Report. */
  private reportBehind = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly world: World,
    private readonly guard: GuardedBrowser,
    private readonly clock: SimClock,
    private readonly log: string[],
  ) {
    this.phoneOf = new Map([...scenario.personByPhone].map(([phone, person]) => [person, phone]));
  }

  /** The portal processes what it has; each results email is reconciled in the popup. */
  async portalWorks(): Promise<PortalUpload[]> {
    this.clock.advance(30 * MINUTE);
    const done = this.world.processPending(this.faults);
    for (const upload of done) {
      this.log.push(`  ${upload.uploadId} rows: ${this.world.describeRows(upload)}`);
      if (upload.resultsCsv === undefined) {
        this.log.push(
          `  ${upload.uploadId} processed${upload.failedAfterRows !== undefined ? `, failed after ${upload.failedAfterRows} rows` : ''}; no results email`,
        );
        continue;
      }
      const report = await this.guard.reconcile(`${upload.fileName.replace(/\.csv$/, '')} results.csv`, upload.resultsCsv);
      this.log.push(
        `  ${upload.uploadId} processed${upload.failedAfterRows !== undefined ? `, failed after ${upload.failedAfterRows} rows` : ''}; results reconciled: ${report ? `${report.counts.success} ok, ${report.counts.failure} failed, ${report.counts.missing} missing, matched ${report.match ? 'yes' : 'no'}` : 'not readable'}`,
      );
    }
    if (done.some((u) => u.resultsCsv !== undefined)) this.reportBehind = true;
    return done;
  }

  /** An admin who keeps the report fresh downloads a new one after results came in (at most once a day). */
  async refreshReport(): Promise<void> {
    if (!this.scenario.refreshesReport || !this.reportBehind) return;
    this.reportBehind = false;
    await this.guard.importReport(this.world.portal.directory.accounts);
    this.log.push('  downloaded and imported a fresh Mailbox Report');
  }

  /** The slot is held: wait for the portal, reconcile; if nothing ever comes, do what CSV Guard suggests. */
  private async waitForSlot(): Promise<void> {
    await this.portalWorks();
    const busy = (await this.guard.history()).some((s) => s.state === 'processing');
    if (!busy) return;
    if (this.afterSilence === 'mark-finished') {
      this.log.push('  no results email: the admin marks the upload as finished');
      await this.guard.markFinished();
    } else {
      this.log.push('  no results email: the admin waits a day for the upload to expire');
      this.clock.advance(25 * HOUR);
      await this.guard.expire();
    }
    this.reportBehind = true;
    await this.refreshReport();
  }

  /** Choose the file, follow the panel until CSV Guard lets Upload through (or the admin gives up), click. True when a file went up. */
  async upload(tab: Tab, file: UploadFile, options: { clicks?: number } = {}): Promise<boolean> {
    const intentByPhone = new Map<string, RowIntent>();
    for (const row of file.rows) {
      const phone = this.phoneOf.get(row.person);
      if (phone) intentByPhone.set(phone, row);
    }
    let name = file.name;
    let bytes = file.bytes;
    let refused = false;
    let fromRemainder = false;
    const taken = new Set<string>();
    /** `findings`: the hold's findings on the file now chosen (undefined for a slot hold). */
    const refuse = (why: string, findings?: readonly Finding[]) => {
      this.log.push(`  CSV Guard holds ${name}: ${why}`);
      if (refused) return;
      refused = true;
      const asItWas = this.world.tryUpload(file.name, file.bytes);
      if (asItWas.harm) return;
      const intents = rowIntents(bytes, intentByPhone);
      const reasons = findings
        ? holdReasons(findings, (line) => asItWas.actionOf.get(intents.get(line)?.person ?? ''))
        : [why.startsWith('the admin went round') ? 'gave up' : 'upload slot'];
      this.falseHolds++;
      for (const reason of reasons) this.falseHoldReasons[reason] = (this.falseHoldReasons[reason] ?? 0) + 1;
      this.log.push(`  (false hold: the file as it was would have done no harm; held by ${reasons.join(', ')})`);
    };

    for (let step = 0; step < 10; step++) {
      this.clock.advance(MINUTE);
      await this.guard.choose(tab, name, bytes);
      const report = this.guard.report(tab);
      let decision = this.guard.decide(tab);
      if (report && decision.kind === 'hold' && decision.reason.kind === 'unacknowledged') {
        const findings = await this.guard.findings(tab);
        if (findings.some((f) => f.rule === 'stale-report' && f.severity === 'block') && !taken.has('fresh-report')) {
          // CSV Guard asks for a fresh Mailbox Report before creating accounts: download it, import it, check again.
          taken.add('fresh-report');
          refuse(`${summarise(findings)}; the admin downloads and imports a fresh Mailbox Report`, findings);
          await this.guard.importReport(this.world.portal.directory.accounts);
          this.reportBehind = false;
          continue;
        }
        const intents = rowIntents(bytes, intentByPhone);
        const next = this.nextMove(report.exports, findings, intents, fromRemainder, taken);
        const leaveOut = (lines: Iterable<number>) => {
          for (const line of lines) {
            const intent = intents.get(line);
            if (intent) this.heldForAdmin.add(intent.person);
          }
        };
        if (next.kind === 'file' && next.export === 'without-blocked')
          leaveOut(findings.filter((f) => f.severity === 'block' && f.line > 1).map((f) => f.line));
        if (next.kind === 'give-up') leaveOut(intents.keys());
        if (next.kind === 'file') {
          const [derived] = await this.guard.exportFile(tab, next.export);
          if (!derived) throw new Error(`CSV Guard offered "${next.export}" but gave no file`);
          taken.add(next.export);
          if (next.export === 'remainder') fromRemainder = true;
          refuse(`${summarise(findings)}; the admin takes "${derived.name}"`, findings);
          name = derived.name;
          bytes = new TextEncoder().encode(derived.content);
          continue;
        }
        if (next.kind === 'give-up') {
          refuse(`${summarise(findings)}; nothing CSV Guard offers can be uploaded, so the admin uploads nothing`, findings);
          return false;
        }
        this.log.push(`  the admin acknowledges: ${summarise(findings)}`);
        this.guard.acknowledge(tab);
        decision = this.guard.decide(tab);
      } else if (report && report.exports.includes('without-password') && !taken.has('without-password')) {
        const [derived] = await this.guard.exportFile(tab, 'without-password');
        if (derived) {
          taken.add('without-password');
          this.log.push(`  the admin takes "${derived.name}" (password column warning)`);
          name = derived.name;
          bytes = new TextEncoder().encode(derived.content);
          continue;
        }
      }
      if (!(await this.click(tab, name, bytes, options.clicks ?? 1, refuse))) return false;
      this.lastUploaded = { ...file, name, bytes };
      // Their row went up: whatever happens to it now is counted, not excused by an earlier held row.
      for (const intent of rowIntents(bytes, intentByPhone).values()) if (intent) this.heldForAdmin.delete(intent.person);
      return true;
    }
    refuse('the admin went round CSV Guard\u2019s offers ten times and gave up');
    return false;
  }

  /** Click Upload `clicks` times; true when the portal received the file. */
  private async click(tab: Tab, name: string, bytes: Uint8Array, clicks: number, refuse: (why: string) => void): Promise<boolean> {
    let received = 0;
    for (let click = 0; click < clicks; click++) {
      let decision = this.guard.decide(tab);
      for (let waits = 0; decision.kind === 'acquire' && !(await this.guard.acquire(tab)); waits++) {
        // Another submission holds the slot: wait for it, then click Upload again in the same tab.
        if (click > 0) break;
        if (waits >= 3) {
          refuse('the upload slot never came free');
          return false;
        }
        refuse('another upload holds the slot');
        await this.waitForSlot();
        decision = this.guard.decide(tab);
      }
      decision = this.guard.decide(tab);
      if (decision.kind === 'allow') {
        const upload = this.world.receive(name, bytes);
        if (this.nextFault) {
          this.faults.set(upload.uploadId, this.nextFault);
          this.nextFault = undefined;
        }
        received++;
        this.log.push(`  click ${click + 1}: uploaded ${name} (${upload.uploadId})`);
        await this.guard.uploadClicked(tab);
      } else {
        this.log.push(`  click ${click + 1}: held (${decision.kind === 'hold' ? decision.reason.kind : decision.kind})`);
      }
    }
    if (received > 0) await this.guard.portalConfirmed(tab);
    return received > 0;
  }

  /**
   * What a careful admin does with a held file: the remainder when CSV Guard says it was submitted
   * before; its corrected file when there is one; acknowledge when every held row is one they mean as a
   * new account (or a remainder row CSV Guard itself produced); otherwise the file without the held rows.
   */
  private nextMove(
    exports: readonly ExportKind[],
    findings: readonly Finding[],
    intents: ReadonlyMap<number, RowIntent | undefined>,
    fromRemainder: boolean,
    taken: ReadonlySet<string>,
  ): { kind: 'file'; export: ExportKind } | { kind: 'acknowledge' } | { kind: 'give-up' } {
    const blocks = findings.filter((f) => f.severity === 'block');
    const offered = (kind: ExportKind) => exports.includes(kind) && !taken.has(kind);
    if (blocks.some((f) => f.rule === 'resubmission') && !fromRemainder && offered('remainder')) return { kind: 'file', export: 'remainder' };
    const corrected = exports.find((k) => !NOT_CORRECTIONS.has(k) && !taken.has(k));
    if (corrected) return { kind: 'file', export: corrected };
    const acceptable = (f: Finding) => {
      if (fromRemainder && f.rule === 'resubmission') return true;
      if (f.line <= 1) return false;
      return intents.get(f.line)?.kind === 'create' && NEW_ACCOUNT_RULES.has(f.rule);
    };
    if (blocks.every(acceptable)) return { kind: 'acknowledge' };
    if (offered('without-blocked')) return { kind: 'file', export: 'without-blocked' };
    return { kind: 'give-up' };
  }
}

/** Each data line of the file → what the admin meant by it (found by the row's telephone number). */
function rowIntents(bytes: Uint8Array, intentByPhone: ReadonlyMap<string, RowIntent>): Map<number, RowIntent | undefined> {
  const parsed = parseUpload(decodeUploadBytes(bytes).replace(/^\uFEFF/, ''));
  return new Map(readRows(parsed.header, parsed.records).map((row) => [row.line, intentByPhone.get(phoneKey(row.values.telephone ?? ''))]));
}

/**
 * What held a file, for the false-hold breakdown: each blocking rule once. identity-mismatch is split by
 * what the portal model would have done with the held row as it was (`actionAt`, by line): rejected it
 * ("Email address is already in use", the replica's assumption, not a confirmed portal fact), or not.
 */
function holdReasons(findings: readonly Finding[], actionAt: (line: number) => string | undefined): string[] {
  const reasons = new Set<string>();
  for (const f of findings) {
    if (f.severity !== 'block') continue;
    if (f.rule !== 'identity-mismatch') reasons.add(f.rule);
    else reasons.add(actionAt(f.line) === 'failed' ? 'identity-mismatch (row the portal model rejects)' : 'identity-mismatch');
  }
  return reasons.size > 0 ? [...reasons].sort() : ['no blocking findings'];
}

function summarise(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === 'block') counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ×${n}`).join(', ') || 'no blocking findings';
}

export interface HarmRun {
  scenarios: number;
  seed: number;
  bare: HarmCounts;
  guarded: HarmCounts;
  /** Scenarios where CSV Guard let harm through (or failed), with the seed that replays each. */
  harmful: ScenarioResult[];
  errors: number;
  ms: number;
}

/** Runs scenario seeds somewhere (in this thread, or spread over worker threads) and hands back each result. */
export type ScenarioRunner = (seeds: number[], onResult: (result: ScenarioResult) => void) => Promise<void>;

export const runHere: ScenarioRunner = async (seeds, onResult) => {
  for (const seed of seeds) onResult(await runScenario(seed));
};

/** Scenario i of a run with seed S uses seed S + i: any one can be replayed alone. Totals do not depend on the runner. */
export async function runHarm(
  scenarios: number,
  seed: number,
  runner: ScenarioRunner = runHere,
  onProgress?: (done: number) => void,
): Promise<HarmRun> {
  const started = performance.now();
  const run: HarmRun = { scenarios, seed, bare: noHarm(), guarded: noHarm(), harmful: [], errors: 0, ms: 0 };
  const results: ScenarioResult[] = [];
  await runner(
    Array.from({ length: scenarios }, (_, i) => seed + i),
    (result) => {
      results.push(result);
      onProgress?.(results.length);
    },
  );
  results.sort((a, b) => a.seed - b.seed);
  for (const result of results) {
    add(run.bare, result.bare);
    add(run.guarded, result.guarded);
    if (result.error) run.errors++;
    if (result.error || harmOf(result.guarded) > 0) run.harmful.push(result);
  }
  run.ms = performance.now() - started;
  return run;
}

export function harmOf(counts: HarmCounts): number {
  return counts.duplicates + counts.overwrites + counts.lostUpdates;
}

function add(total: HarmCounts, one: HarmCounts): void {
  total.duplicates += one.duplicates;
  total.overwrites += one.overwrites;
  total.lostUpdates += one.lostUpdates;
  total.falseHolds += one.falseHolds;
  for (const [reason, n] of Object.entries(one.falseHoldReasons)) total.falseHoldReasons[reason] = (total.falseHoldReasons[reason] ?? 0) + n;
  total.heldForAdmin += one.heldForAdmin;
}
