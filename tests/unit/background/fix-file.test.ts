import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCheckHandlers, type CheckHandlerDeps } from '../../../lib/background/check-handlers';
import { CheckRuns } from '../../../lib/background/check-runs';
import { readCsv } from '../../../lib/csv/read';
import type { Change } from '../../../lib/fixes/types';
import type { FixReport } from '../../../lib/messaging/checks-protocol';
import type { ReportMeta } from '../../../lib/portal/mailbox';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { DEFAULT_SETTINGS } from '../../../lib/settings-schema';
import { RISKY_ROWS, riskyUpdateCsv } from '../../portal-replica/demo-files';
import { generatePeople, mailboxReportCsv } from '../../support/generate';

// The replica's demo directory (smaller), its Mailbox Report, and its risky upload file.
const people = generatePeople(300, 1);
const reportCsv = mailboxReportCsv(people);
const risky = riskyUpdateCsv(people);
const NOW = Date.UTC(2026, 10, 30, 12, 0);

function setUp() {
  const read = readCsv({ text: reportCsv, encoding: 'utf-8' }, 'Mailbox Report.csv');
  if (!read.ok) throw new Error(read.error.message);
  const parsed = parseMailboxReport(read.table, 'rxx');
  if (!parsed.ok) throw new Error(parsed.error);
  const meta: ReportMeta = {
    orgId: 'rxx',
    orgLabel: 'Trust',
    fileName: 'Mailbox Report.csv',
    importedAt: NOW,
    rowCount: parsed.mailboxes.length,
    rowsWithoutLocalId: 0,
    columns: parsed.columns,
  };
  const lookup = vi.fn(async () => ({ mailboxes: parsed.mailboxes, reports: [meta] }));
  const deps: CheckHandlerDeps = {
    loadSettings: async () => DEFAULT_SETTINGS,
    lookupMailboxes: lookup,
    listSubmissions: async () => [],
    now: () => NOW,
    notifyTab: () => undefined,
    exporter: { offers: () => ({ exports: [] }), build: () => [] },
    saveLearntTemplate: async () => undefined,
    openReportImport: async () => undefined,
    runs: new CheckRuns(),
  };
  return { handlers: createCheckHandlers(deps), lookup };
}

async function fixOf(handlers: ReturnType<typeof createCheckHandlers>, dropNoChange = false): Promise<FixReport> {
  // The page's path: the text in a slice, then the check naming it.
  await handlers['check-upload-part']({ checkId: 'check-1', index: 0, count: 1, text: risky }, { tabId: 1 });
  const checked = await handlers['check-upload']({ checkId: 'check-1', fileName: 'risky-update.csv', encoding: 'utf-8', partCount: 1 }, { tabId: 1 });
  if (checked.outcome === 'unreadable') throw new Error(checked.error);
  const answer = await handlers['fix-file']({ checkId: checked.report.checkId, dropNoChange }, { tabId: 1 });
  if (answer.outcome === 'check-unknown') throw new Error('check lost');
  return answer.fix;
}

const line = (row: number) => row + 2;

describe("the background's corrected file for the replica's risky demo file", () => {
  it('fixes what has one right answer, sends the rest to needs attention, and checks the corrected file again through the pipeline', async () => {
    const { handlers, lookup } = setUp();
    const fix = await fixOf(handlers);
    expect(fix.offered).toBe(true);
    expect(fix.recheck).toMatchObject({ rows: 27, predictedUpdates: 27, predictedNewAccounts: 0, blockedRows: 0 });
    // The first check and the re-check of the corrected file as written: two lookups.
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(fix.changes.map((c) => [c.line, c.column])).toEqual([
      [1, 'Password'],
      [line(RISKY_ROWS.staleLocalId), 'ExternalSyncID'],
      [line(RISKY_ROWS.blankLocalId), 'ExternalSyncID'],
      [line(RISKY_ROWS.ouChange), 'OrganisationalUnit'],
    ]);
    expect(fix.attention.map((r) => r.line)).toEqual([...RISKY_ROWS.duplicatedLocalId.map(line), line(RISKY_ROWS.invalidMobile)]);
    expect(fix.needsAttention?.name).toBe('risky-update (needs attention).csv');
    expect(fix.corrected.name).toBe('risky-update (corrected).csv');
    expect(fix.corrected.content).not.toMatch(/Welcome1/);
    // By line: line 4 has its two problems and its one fix together.
    const four = fix.lines.find((l) => l.line === line(RISKY_ROWS.staleLocalId))!;
    expect(four.problems.map((p) => p.rule)).toEqual(['unknown-local-id', 'probable-duplicate']);
    expect(four.changes).toHaveLength(1);
    expect(four.outcome).toBe('corrected');
    expect(fix.lines.find((l) => l.line === line(RISKY_ROWS.invalidMobile))).toMatchObject({
      outcome: 'needs-attention',
      reason: expect.stringMatching(/not a UK mobile/),
    });
  });

  it('answers check-unknown for a check the worker no longer has', async () => {
    const { handlers } = setUp();
    expect(await handlers['fix-file']({ checkId: 'gone' }, { tabId: 1 })).toEqual({ outcome: 'check-unknown' });
  });

  it('gives the same changes and needs-attention rows as the command line --fix on the same files', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csvguard-fix-'));
    writeFileSync(join(dir, 'Mailbox Report.csv'), reportCsv);
    writeFileSync(join(dir, 'risky-update.csv'), risky);
    const cli = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/check.ts',
        '--report',
        join(dir, 'Mailbox Report.csv'),
        '--json',
        '--fix',
        join(dir, 'corrected.csv'),
        '--needs-attention',
        join(dir, 'rest.csv'),
        join(dir, 'risky-update.csv'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const out = JSON.parse(cli.stdout) as { fix: { offered: boolean; changes: Change[]; needsAttention: { line: number; reason: string }[] } };
    const fix = await fixOf(setUp().handlers);
    expect(out.fix.offered).toBe(true);
    expect(out.fix.changes).toEqual(fix.changes);
    expect(out.fix.needsAttention).toEqual(fix.attention);
    expect(readFileSync(join(dir, 'corrected.csv'), 'utf8')).toBe(fix.corrected.content);
    expect(readFileSync(join(dir, 'rest.csv'), 'utf8')).toBe(fix.needsAttention!.content);
  });
});
