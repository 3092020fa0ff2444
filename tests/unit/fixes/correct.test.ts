import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks/engine';
import { changeListFile, correctedFile, needsAttentionFile } from '../../../lib/output/fix-files';
import { REASON_COLUMN } from '../../../lib/output/exports';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { COL, uploadCsv } from '../../support/generate';
import { mailboxOf, people } from '../checks/helpers';
import { contextFor, correct, readTable } from './fix-helpers';

const staff = people(8);
const mailboxes = staff.map((p) => mailboxOf(p));
const edit = (changes: Record<number, Record<number, string>>) => (row: string[], i: number) => Object.assign([...row], changes[i] ?? {});

describe('correctUpload', () => {
  it('fills a blank or stale local ID from the one mailbox with the same email, and lists each change', () => {
    const text = uploadCsv(staff, edit({ 1: { [COL.ExternalSyncID!]: '' }, 3: { [COL.ExternalSyncID!]: 'RXX700004' } }));
    const { correction } = correct(text, { mailboxes });
    expect(correction.offerable).toBe(true);
    expect(correction.attention).toEqual([]);
    expect(correction.changes).toEqual([
      expect.objectContaining({ line: 3, column: 'ExternalSyncID', old: '', new: staff[1]!.localId, kinds: ['local-id'] }),
      expect.objectContaining({ line: 5, column: 'ExternalSyncID', old: 'RXX700004', new: staff[3]!.localId, kinds: ['local-id'] }),
    ]);
    expect(correction.changes[1]!.why).toMatch(/in no cached Mailbox Report.*same email address/);
    expect(correction.rows.map((r) => r.values[COL.ExternalSyncID!])).toEqual(staff.map((p) => p.localId));
    expect(correction.recheck.summary).toMatchObject({ predictedUpdates: 8, predictedNewAccounts: 0, blockedRows: 0 });
  });

  it('never guesses: two accounts with the same email send the row to needs attention with the reason', () => {
    const twin = mailboxOf({ ...staff[2]!, localId: 'RYY000003' }, 'RYY');
    const text = uploadCsv(staff, edit({ 2: { [COL.ExternalSyncID!]: '' } }));
    const { table, correction } = correct(text, { mailboxes: [...mailboxes, twin] });
    expect(correction.rows.map((r) => r.line)).not.toContain(4);
    expect(correction.attention).toEqual([expect.objectContaining({ line: 4, values: table.rows[2]!.values })]);
    expect(correction.attention[0]!.reason).toMatch(/2 existing accounts have this email address \(local IDs RXX000003, RYY000003\)/);
    expect(correction.changes.filter((c) => c.line === 4)).toEqual([]);
    expect(correction.offerable).toBe(true);
  });

  it('sends identity mismatches and duplicated local IDs to needs attention, untouched', () => {
    const text = uploadCsv(staff, edit({ 4: { [COL.ExternalSyncID!]: staff[5]!.localId } }));
    const { correction } = correct(text, { mailboxes });
    expect(correction.attention.map((r) => r.line)).toEqual([6, 7]);
    expect(correction.attention[0]!.reason).toMatch(/belongs to/);
    expect(correction.attention[1]!.reason).toMatch(/is on 2 rows/);
    expect(correction.rows).toHaveLength(6);
  });

  it('puts back the current organisational unit, rewrites a +44 07 mobile, removes invisible characters and stray spaces', () => {
    const other = staff[0]!.ou === 'Corporate' ? 'Acute Services' : 'Corporate';
    const text = uploadCsv(
      staff,
      edit({
        0: { [COL.OrganisationalUnit!]: other },
        1: { [COL.MobileNumber!]: '+44 07700 900001' },
        2: { [COL.ExternalSyncID!]: `\u200B${staff[2]!.localId}`, [COL.JobTitle!]: ' Staff Nurse ' },
        3: { [COL.MobileNumber!]: '7700900003' },
      }),
    );
    const { correction } = correct(text, { mailboxes });
    const byLine = (line: number) => correction.changes.filter((c) => c.line === line).map((c) => [c.column, c.old, c.new]);
    expect(byLine(2)).toEqual([['OrganisationalUnit', other, staff[0]!.ou]]);
    expect(byLine(3)).toEqual([['MobileNumber', '+44 07700 900001', '07700 900001']]);
    expect(byLine(4)).toEqual([
      ['ExternalSyncID', `\u200B${staff[2]!.localId}`, staff[2]!.localId],
      ['JobTitle', ' Staff Nurse ', 'Staff Nurse'],
    ]);
    expect(byLine(5)).toEqual([['MobileNumber', '7700900003', '07700 900003']]);
    expect(
      correction.recheck.findings.filter((f) => f.rule === 'ou-change' || f.rule === 'suspicious-characters' || f.rule === 'invalid-field'),
    ).toEqual([]);
  });

  it('drops the password column with one change on the heading row', () => {
    const text = uploadCsv(staff)
      .split('\r\n')
      .map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'Password' : `Secret${i}`}`))
      .join('\r\n');
    const { table, correction } = correct(text, { mailboxes });
    expect(correction.header).toEqual(BUNDLED_TEMPLATE.header);
    expect(correction.changes).toEqual([expect.objectContaining({ line: 1, column: 'Password', old: 'Password', new: '' })]);
    expect(correction.changes[0]!.why).toMatch(/8 passwords/);
    expect(correctedFile(correction, table).content).not.toContain('Secret');
  });

  it("renames and reorders columns to the portal's own sample file, and only to that one", () => {
    const order = [...BUNDLED_TEMPLATE.header].reverse();
    const header = order.map((h) => (h === 'FirstName' ? 'First Name' : h));
    const rows = staff.map((p) => order.map((h) => uploadCsvRow(p)[COL[h]!]!));
    const text = [header, ...rows].map((r) => r.join(',')).join('\r\n');
    const learnt = { source: 'learnt' as const, header: BUNDLED_TEMPLATE.header };
    const { table, correction } = correct(text, { mailboxes, template: learnt });
    expect(correction.header).toEqual(BUNDLED_TEMPLATE.header);
    expect(correction.rows.map((r) => r.values)).toEqual(staff.map((p) => uploadCsvRow(p)));
    expect(correction.changes.map((c) => [c.line, c.column, c.new])).toEqual([
      [1, 'First Name', 'FirstName'],
      [1, '', BUNDLED_TEMPLATE.header.join(', ')],
    ]);
    expect(table.header).toEqual(header);
    // With only CSV Guard's bundled guess at the template, the columns stay as the admin has them.
    expect(correct(text, { mailboxes }).correction.header).toEqual(header);
  });

  it('offers to leave out rows that change nothing, and counts them either way', () => {
    const text = uploadCsv(staff, edit({ 0: { [COL.JobTitle!]: 'Chief Nurse' } }));
    // A report with every column of the upload, so a row can be seen to change nothing.
    const full = staff.map((p) => mailboxOf(p, 'RXX', { extra: { Title: p.title, Department: p.department, TelephoneNumber: p.telephone } }));
    const kept = correct(text, { mailboxes: full }).correction;
    expect(kept.noChangeLines).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(kept.rows).toHaveLength(8);
    const dropped = correct(text, { mailboxes: full }, { dropNoChange: true }).correction;
    expect(dropped.rows.map((r) => r.line)).toEqual([2]);
    expect(dropped.dropped.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(dropped.changes.filter((c) => c.kinds.includes('no-change'))).toHaveLength(7);
  });

  it('is not offered when nothing is left to upload', () => {
    const text = uploadCsv(staff.slice(0, 2), edit({ 1: { [COL.ExternalSyncID!]: staff[0]!.localId } }));
    const { correction } = correct(text, { mailboxes });
    expect(correction.rows).toEqual([]);
    expect(correction.attention).toHaveLength(2);
    expect(correction.offerable).toBe(false);
  });
});

describe('the corrected and needs-attention files', () => {
  it('keep every untouched value exactly, formula-like ones too, and re-check clean', () => {
    const formula = '=HYPERLINK("http://x","y")';
    const text = uploadCsv(
      staff,
      edit({
        0: { [COL.JobTitle!]: formula, [COL.Department!]: 'Ward 7, "North"' },
        1: { [COL.ExternalSyncID!]: '' },
        6: { [COL.ExternalSyncID!]: 'RXX999999', [COL.EmailAddress!]: 'nobody@nhs.net', [COL.JobTitle!]: '@SUM(1)' },
      }),
    );
    const { table, correction, ctx } = correct(text, { mailboxes });
    const file = correctedFile(correction, table);
    expect(file.name).toBe('users (corrected).csv');
    expect(file.content.startsWith('\uFEFF')).toBe(false);
    const back = readTable(file.content, file.name);
    expect(back.rows[0]!.values[COL.JobTitle!]).toBe(formula);
    expect(back.rows[0]!.values[COL.Department!]).toBe('Ward 7, "North"');
    const again = runChecks({ ...contextFor(back, { mailboxes }), reports: ctx.reports });
    expect(again.findings.filter((f) => f.severity === 'block')).toEqual([]);

    const attention = needsAttentionFile(correction, table)!;
    expect(attention.name).toBe('users (needs attention).csv');
    const rest = readTable(attention.content);
    expect(rest.header).toEqual([...BUNDLED_TEMPLATE.header, REASON_COLUMN]);
    expect(rest.rows.map((r) => r.values[COL.JobTitle!])).toEqual(["'@SUM(1)"]);
    expect(rest.rows[0]!.values.at(-1)).toMatch(/^The local ID "RXX999999" on line 8 is not in the cached Mailbox Report/);

    const changes = readTable(changeListFile(correction, table).content);
    expect(changes.header).toEqual(['Line', 'Column', 'Old value', 'New value', 'Why']);
    expect(changes.rows.map((r) => r.values.slice(0, 4))).toEqual([['3', 'ExternalSyncID', '', staff[1]!.localId]]);
  });
});

function uploadCsvRow(p: (typeof staff)[number]): string[] {
  return [p.portalId, p.localId, p.title, p.firstName, p.lastName, p.displayName, p.email, p.jobTitle, p.department, p.mobile, p.telephone, p.ou];
}
