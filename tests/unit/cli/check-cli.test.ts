import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
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
      [4, 'missing-local-id'],
      [4, 'probable-duplicate'],
      [7, 'unknown-local-id'],
      [7, 'probable-duplicate'],
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

describe('npm run check -- --after earlier.csv --remainder out.csv', { timeout: 60_000 }, () => {
  const staff = generatePeople(6, 3).map((p) => ({ ...p, status: 'Active' }));
  const [A1, A2, A3] = [staff[0]!, staff[1]!, staff[2]!];
  const N9 = {
    ...staff[5]!,
    portalId: '',
    localId: '',
    firstName: 'Nia',
    lastName: 'Newstart',
    displayName: 'Nia Newstart',
    email: 'nia.newstart@nhs.net',
    mobile: '07700 955555',
  };
  // Three updates changing the job title only, and one new starter with a blank local ID.
  const earlier = (list = [A1, A2, A3, N9]) => uploadCsv(list, (row) => Object.assign([...row], { 2: '', 8: '', 10: '', 7: 'Ward Manager' }));
  const HOUR = 3_600_000;

  function files(reportPeople: typeof staff, reportAgeHours: number) {
    const dir = mkdtempSync(join(tmpdir(), 'csvguard-remainder-'));
    writeFileSync(join(dir, 'report.csv'), mailboxReportCsv(reportPeople));
    const when = new Date(Date.now() - reportAgeHours * HOUR);
    utimesSync(join(dir, 'report.csv'), when, when);
    writeFileSync(join(dir, 'earlier.csv'), earlier());
    return { dir, at: (name: string) => join(dir, name), uploadedAt: new Date(Date.now() - 3 * HOUR).toISOString() };
  }
  const idsIn = (path: string) =>
    readFileSync(path, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[1]);

  it('with a report older than the upload: writes no remainder, says which report to import, and lists the new starter in needs-attention', () => {
    const f = files(staff.slice(0, 5), 48);
    const r = run(
      '--report',
      f.at('report.csv'),
      '--after',
      f.at('earlier.csv'),
      '--uploaded-at',
      f.uploadedAt,
      '--remainder',
      f.at('out.csv'),
      '--needs-attention',
      f.at('rest.csv'),
      f.at('earlier.csv'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/3 updates kept/);
    expect(r.stdout).toMatch(
      /No remainder written\. Import a Mailbox Report downloaded after .* to see which accounts were created\. The cached Mailbox Report "report\.csv" was imported 2 days ago/,
    );
    expect(existsSync(f.at('out.csv'))).toBe(false);
    expect(readFileSync(f.at('rest.csv'), 'utf8')).toMatch(/Nia.*Left out of the remainder: Cannot tell yet/);
  });

  it('with a report taken after the upload: the remainder holds exactly the rows it does not show applied', () => {
    const applied = [{ ...A1, jobTitle: 'Ward Manager' }, A2, A3, { ...N9, localId: 'NEW000001', jobTitle: 'Ward Manager' }];
    const f = files(applied, 1);
    const r = run(
      '--report',
      f.at('report.csv'),
      '--after',
      f.at('earlier.csv'),
      '--uploaded-at',
      f.uploadedAt,
      '--remainder',
      f.at('out.csv'),
      '--needs-attention',
      f.at('rest.csv'),
      f.at('earlier.csv'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(idsIn(f.at('out.csv'))).toEqual([A2.localId, A3.localId]);
    const rest = readFileSync(f.at('rest.csv'), 'utf8');
    expect(rest).toMatch(new RegExp(`${A1.localId}.*Already applied: this update .*already shows its values`));
    expect(rest).toMatch(/nia\.newstart@nhs\.net.*Already applied: this new account .*shows Nia Newstart/);
  });

  it('with the results email: applied rows left out, failed rows kept', () => {
    const f = files(staff.slice(0, 5), 48);
    const withId = { ...N9, localId: 'RXX900009' };
    writeFileSync(f.at('earlier.csv'), earlier([A1, A2, A3, withId]));
    const results = earlier([A1, A2, A3, withId])
      .trim()
      .split('\r\n')
      .map((line, i) => `${line},${['Upload Result', 'Updated', 'Failed - Email address is already in use', 'Updated', 'Created'][i]}`)
      .join('\r\n');
    writeFileSync(f.at('results.csv'), results);
    const r = run(
      '--report',
      f.at('report.csv'),
      '--after',
      f.at('earlier.csv'),
      '--results',
      f.at('results.csv'),
      '--uploaded-at',
      f.uploadedAt,
      '--remainder',
      f.at('out.csv'),
      f.at('earlier.csv'),
    );
    expect(r.stdout).toMatch(/results: 3 applied, 1 failed/);
    expect(r.code).toBe(0);
    expect(idsIn(f.at('out.csv'))).toEqual([A2.localId]);
  });

  it('refuses --after without --remainder', () => {
    const r = run('--report', REPORT, '--after', `${FIX}/users-clean.csv`, `${FIX}/users-clean.csv`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--after and --remainder go together/);
  });
});
