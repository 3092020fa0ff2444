import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckSummary, Finding } from '../../../lib/checks/types';
import { generatePeople, mailboxReportCsv, uploadCsv } from '../../support/generate';

const FIX = 'tests/fixtures/engine';
const REPORT = `${FIX}/Mailbox Report RXX.csv`;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test spawns Node with tsx: seconds on a busy machine, so these get a generous timeout.
describe('npm run check', { timeout: 60_000 }, () => {
  it('exits 0 with a readable report when nothing blocks', () => {
    const r = run('--report', REPORT, '--template', `${FIX}/Sample File (new format).csv`, `${FIX}/users-clean.csv`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/users-clean\.csv: no blocking problems found/);
    expect(r.stdout).toMatch(/Predicted updates: +10/);
    expect(r.code).toBe(0);
  });

  it('exits 1 with blocking findings, and --json prints one object { summary, findings }', () => {
    const r = run('--report', REPORT, '--json', `${FIX}/users-risky.csv`);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { summary: CheckSummary; findings: Finding[] };
    expect(Object.keys(out)).toEqual(['summary', 'findings']);
    expect(out.summary).toMatchObject({ rows: 10, predictedNewAccounts: 2, blockedRows: 2 });
    expect(out.findings.filter((f) => f.severity === 'block').map((f) => [f.line, f.rule])).toEqual([
      [4, 'missing-local-id'], [4, 'probable-duplicate'], [7, 'unknown-local-id'], [7, 'probable-duplicate'],
    ]);
  });

  it('accepts several reports (one per organisation)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csvguard-cli-'));
    const other = generatePeople(5, 2, 'RYY').map((p) => ({ ...p, status: 'Active' }));
    writeFileSync(join(dir, 'RYY.csv'), mailboxReportCsv(other));
    writeFileSync(join(dir, 'ryy-users.csv'), uploadCsv(other));
    expect(run('--report', REPORT, '--json', join(dir, 'ryy-users.csv')).code).toBe(1); // RYY's IDs are unknown to RXX's report
    expect(run('--report', REPORT, '--report', join(dir, 'RYY.csv'), '--json', join(dir, 'ryy-users.csv')).code).toBe(0);
  });

  it('exits 2 with a message on stderr for unusable input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csvguard-cli-'));
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = run('--report', REPORT, join(dir, 'empty.csv'));
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toMatch(/empty\.csv is empty/);
    const missing = run('--report', join(dir, 'nope.csv'), `${FIX}/users-clean.csv`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot open .*nope\.csv/);
    const noUpload = run('--report', REPORT);
    expect(noUpload.code).toBe(2);
    expect(noUpload.stderr).toMatch(/Usage/);
  });
});
