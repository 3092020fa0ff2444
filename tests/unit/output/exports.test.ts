import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { availableExports, buildExport, REASON_COLUMN } from '../../../lib/output/exports';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Submission } from '../../../lib/submissions/types';
import { COL } from '../../support/generate';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { check, mailboxOf, NOW, people, reportMeta, table, uploadCsv } from '../checks/helpers';

const staff = people(5);

function readBack(content: string): CsvTable {
  const result = readCsv({ text: content.replace(/^\uFEFF/, ''), encoding: 'utf-8' }, 'out.csv');
  if (!result.ok) throw new Error(result.error.message);
  return result.table;
}

function withPassword(text: string, passwords: string[]): string {
  return text
    .split('\r\n')
    .map((l, i) => (l === '' ? l : i === 0 ? `${l},Password` : `${l},${passwords[i - 1] ?? ''}`))
    .join('\r\n');
}

function setup(text: string, options: Parameters<typeof check>[2] = {}) {
  const t = table(text);
  const columns = resolveUploadColumns(t.header);
  const result = check(text, staff, options);
  return { t, columns, result };
}

describe('availableExports', () => {
  it('offers only the files that make sense', () => {
    const clean = setup(uploadCsv(staff));
    expect(availableExports(clean.t, clean.columns, clean.result)).toEqual([]);
    const risky = setup(
      withPassword(
        uploadCsv(staff, (row, i) => (i === 1 ? Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' }) : row)),
        ['x'],
      ),
      { batchSize: 2 },
    );
    expect(availableExports(risky.t, risky.columns, risky.result)).toEqual(['without-password', 'without-blocked', 'batches', 'needs-attention']);
  });
});

describe('buildExport', () => {
  const opts = { batchSize: 2, submissions: [] as Submission[] };

  it('drops the password column and keeps everything else in order', () => {
    const { t, columns, result } = setup(withPassword(uploadCsv(staff), ['Secret1', 'Secret2']));
    const [file] = buildExport('without-password', t, columns, result, opts);
    expect(file!.name).toBe('users (without password column).csv');
    const back = readBack(file!.content);
    expect(back.header).toEqual(t.header.slice(0, -1));
    expect(back.rows.map((r) => r.values)).toEqual(t.rows.map((r) => r.values.slice(0, -1)));
    expect(file!.content).not.toContain('Secret1');
  });

  it('drops blocked rows only', () => {
    const text = uploadCsv(staff, (row, i) => (i === 2 ? Object.assign([...row], { [COL.ExternalSyncID!]: 'RXX888888' }) : row));
    const { t, columns, result } = setup(text);
    const [file] = buildExport('without-blocked', t, columns, result, opts);
    expect(file!.name).toBe('users (without blocked rows).csv');
    expect(readBack(file!.content).rows.map((r) => r.values[COL.ExternalSyncID!])).toEqual(staff.filter((_, i) => i !== 2).map((p) => p.localId));
  });

  it('"Upload without these rows" leaves out only the rows that would overwrite another person\'s account, values exact', () => {
    // Line 3 carries the local ID of someone not in the file; line 4 has no local ID (a new account, kept).
    const text = uploadCsv(staff.slice(0, 4), (row, i) => {
      if (i === 1) row[COL.ExternalSyncID!] = staff[4]!.localId;
      if (i === 2) Object.assign(row, { [COL.ExternalSyncID!]: '', [COL.JobTitle!]: '=HYPERLINK("x")' });
      return row;
    });
    const { t, columns, result } = setup(text);
    expect(result.findings.some((f) => f.rule === 'identity-mismatch' && f.line === 3)).toBe(true);
    const [file] = buildExport('without-overwrites', t, columns, result, opts);
    expect(file!.name).toBe('users (without rows that overwrite other accounts).csv');
    expect(readBack(file!.content).rows.map((r) => r.values)).toEqual(t.rows.filter((r) => r.line !== 3).map((r) => r.values));
    expect(file!.content).toContain('=HYPERLINK(""x"")'); // an upload file carries the admin's values exactly
  });

  it('splits into batches with the header in each, keeping the delimiter and line ending', () => {
    const semicolons = uploadCsv(staff).replaceAll(',', ';').replaceAll('\r\n', '\n');
    const { t, columns, result } = setup(semicolons, { batchSize: 2 });
    const files = buildExport('batches', t, columns, result, opts);
    expect(files.map((f) => f.name)).toEqual(['users (batch 1 of 3).csv', 'users (batch 2 of 3).csv', 'users (batch 3 of 3).csv']);
    for (const f of files) {
      expect(f.content.startsWith(`${t.header.join(';')}\n`)).toBe(true);
      expect(f.content).not.toContain('\r\n');
    }
    expect(files.flatMap((f) => readBack(f.content).rows.map((r) => r.values))).toEqual(t.rows.map((r) => r.values));
  });

  it('lists rows needing attention with a reason column', () => {
    const text = uploadCsv(staff, (row, i) => (i === 3 ? Object.assign([...row], { [COL.MobileNumber!]: '0113 234 5678' }) : row));
    const { t, columns, result } = setup(text);
    const [file] = buildExport('needs-attention', t, columns, result, opts);
    const back = readBack(file!.content);
    expect(back.header).toEqual([...t.header, REASON_COLUMN]);
    expect(back.rows).toHaveLength(1);
    expect(back.rows[0]!.values.at(-1)).toMatch(/^Blocked: The mobile number "0113 234 5678" on line 5/);
  });

  it('offers the remainder of an earlier part-failed submission, and lists the rows it leaves out in the needs-attention file', () => {
    const text = uploadCsv(staff);
    const ids = staff.map((p) => p.localId);
    const failed: Submission = {
      id: 's',
      state: 'results-received',
      fileName: 'users.csv',
      fingerprint: 'x',
      rowCount: 5,
      header: [],
      localIds: ids,
      // the third row was to create an account (its local ID was not in the report then); the results say it did
      predictedUpdateLocalIds: [...ids.slice(0, 2), ...ids.slice(3)],
      createdAt: NOW - 1000,
      updatedAt: NOW,
      outcome: { succeeded: 3, failed: 2, unknown: 0, appliedLocalIds: ids.slice(0, 3), failedLocalIds: ids.slice(3) },
    };
    const { t, columns, result } = setup(text, { submissions: [failed] });
    const options = { ...opts, submissions: [failed], evidence: { reports: [], mailboxes: buildMailboxIndex([]), now: NOW } };
    expect(availableExports(t, columns, result, options)).toContain('remainder');
    const [file] = buildExport('remainder', t, columns, result, options);
    expect(file!.name).toBe('users (remainder).csv');
    expect(readBack(file!.content).rows.map((r) => r.values[COL.ExternalSyncID!])).toEqual(ids.slice(3));
    const [attention] = buildExport('needs-attention', t, columns, result, options);
    expect(readBack(attention!.content).rows.map((r) => [r.values[COL.ExternalSyncID!], r.values.at(-1)])).toEqual(
      ids
        .slice(0, 3)
        .map((id) => [
          id,
          expect.stringMatching(/Left out of the remainder: Already applied: .*the results of "users.csv" say it was (applied|created)/),
        ]),
    );
  });

  it('does not offer the remainder while a create of the earlier upload cannot be judged, and says which report to import', () => {
    const text = uploadCsv(staff, (row, i) => (i === 4 ? Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' }) : row));
    const ids = staff.map((p) => p.localId);
    const expired: Submission = {
      id: 's',
      state: 'expired',
      fileName: 'users.csv',
      fingerprint: 'x',
      rowCount: 5,
      header: [],
      localIds: ids.slice(0, 4),
      predictedUpdateLocalIds: ids.slice(0, 4),
      predictedCreates: [{ rowHash: 'h', email: staff[4]!.email }],
      createdAt: NOW - 7_200_000,
      processingAt: NOW - 7_000_000,
      updatedAt: NOW,
    };
    const { t, columns, result } = setup(text, { submissions: [expired] });
    const options = {
      ...opts,
      submissions: [expired],
      evidence: { reports: [reportMeta('RXX', 1)], mailboxes: buildMailboxIndex(staff.map((p) => mailboxOf(p))), now: NOW },
    };
    expect(availableExports(t, columns, result, options)).not.toContain('remainder');
    expect(() => buildExport('remainder', t, columns, result, options)).toThrow(
      /Import a Mailbox Report downloaded after .* to see which accounts were created\. The cached Mailbox Report "Mailbox Report.csv" was imported 1 day|24 hours ago/,
    );
  });

  it('keeps formula-like values exactly in files meant for upload, and neutralises them in the needs-attention file', () => {
    const formula = '=HYPERLINK("http://evil","x")';
    const text = withPassword(
      uploadCsv(staff, (row, i) => (i === 0 ? Object.assign([...row], { [COL.JobTitle!]: formula, [COL.ExternalSyncID!]: '', [COL.ID!]: '' }) : row)),
      ['@SUM(1)'],
    );
    const { t, columns, result } = setup(text, { batchSize: 2 });
    const kinds = availableExports(t, columns, result);
    expect(kinds).toEqual(expect.arrayContaining(['without-password', 'batches', 'needs-attention']));
    for (const kind of kinds) {
      for (const f of buildExport(kind, t, columns, result, opts)) {
        const back = readBack(f.content);
        const jobTitles = back.rows.map((r) => r.values[COL.JobTitle!]);
        if (kind === 'needs-attention') {
          for (const values of [back.header, ...back.rows.map((r) => r.values)]) {
            for (const v of values) expect(v).not.toMatch(/^[=+@\t\r]|^-[^\d]/);
          }
          expect(jobTitles).toContain(`'${formula}`);
        } else {
          for (const job of jobTitles) if (job?.includes('HYPERLINK')) expect(job).toBe(formula);
          expect(f.content).not.toContain(`'${formula}`);
          if (kind === 'without-password') expect(jobTitles).toContain(formula);
          if (kind === 'batches' && f.name.includes('batch 1 ')) expect(back.rows[0]!.values).toContain('@SUM(1)');
        }
      }
    }
  });

  it('writes a BOM when the original was not plain UTF-8, so Excel reads accents', () => {
    const r = readCsv({ text: uploadCsv(staff), encoding: 'windows-1252' }, 'old.CSV');
    if (!r.ok) throw new Error('unreadable');
    const t = r.table;
    const columns = resolveUploadColumns(t.header);
    const [file] = buildExport(
      'batches',
      t,
      columns,
      { summary: { rows: 5, predictedUpdates: 5, predictedNewAccounts: 0, blockedRows: 0, byRule: {} }, findings: [], predictedUpdateLocalIds: [] },
      { batchSize: 10, submissions: [] },
    );
    expect(file!.name).toBe('old (batch 1 of 1).csv');
    expect(file!.content.startsWith('\uFEFF')).toBe(true);
  });
});
