import { describe, expect, it, vi } from 'vitest';
import { createCheckHandlers, ENGINE_EXPORTS, type CheckHandlerDeps } from '../../../lib/background/check-handlers';
import { CheckRuns } from '../../../lib/background/check-runs';
import { FINDINGS_PREVIEWED_PER_RULE } from '../../../lib/background/finding-groups';
import { readCsv } from '../../../lib/csv/read';
import type { CheckReport } from '../../../lib/messaging/checks-protocol';
import type { CheckProgressEvent } from '../../../lib/messaging/events';
import type { SenderInfo } from '../../../lib/messaging/router';
import type { LookupKeys } from '../../../lib/messaging/reports-protocol';
import type { Mailbox, ReportMeta } from '../../../lib/portal/mailbox';
import { parseMailboxReport } from '../../../lib/portal/mailbox-report';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { markProcessing, startPreparing } from '../../../lib/submissions/transitions';
import { rowHash } from '../../../lib/submissions/submitted-rows';
import { COL, generatePeople, mailboxReportCsv, uploadCsv, uploadRow } from '../../support/generate';

const NOW = Date.UTC(2026, 2, 12, 10, 0);
const people = generatePeople(20, 7);

function cachedReport(): { mailboxes: Mailbox[]; reports: ReportMeta[] } {
  const read = readCsv({ text: mailboxReportCsv(people), encoding: 'utf-8' }, 'Mailbox Report.csv');
  if (!read.ok) throw new Error(read.error.message);
  const parsed = parseMailboxReport(read.table, 'rxx');
  if (!parsed.ok) throw new Error(parsed.error);
  const meta: ReportMeta = {
    orgId: 'rxx',
    orgLabel: 'Test Trust',
    fileName: 'Mailbox Report.csv',
    importedAt: NOW - 86_400_000,
    rowCount: parsed.mailboxes.length,
    rowsWithoutLocalId: 0,
    columns: parsed.columns,
  };
  return { mailboxes: parsed.mailboxes, reports: [meta] };
}

function setUp(overrides: Partial<CheckHandlerDeps> = {}, settings: Settings = DEFAULT_SETTINGS) {
  const progress: CheckProgressEvent[] = [];
  const lookup = vi.fn(async () => cachedReport());
  const saved: unknown[] = [];
  const runs = new CheckRuns();
  const deps: CheckHandlerDeps = {
    runs,
    loadSettings: async () => settings,
    lookupMailboxes: lookup,
    listSubmissions: async () => [],
    now: () => NOW,
    notifyTab: (_tabId, event) => progress.push(event),
    exporter: {
      offers: () => ({ exports: ['needs-attention'] }),
      build: (kind, run) => [{ name: `${kind}.csv`, content: run.table.header.join(',') }],
    },
    saveLearntTemplate: async (template) => void saved.push(template),
    openReportImport: async () => undefined,
    ...overrides,
  };
  return { handlers: createCheckHandlers(deps), runs: deps.runs, progress, lookup, saved };
}

const tab: SenderInfo = { tabId: 4, url: 'https://portal.nhs.net/Admin#/csv-upload' };

type CheckHandlers = ReturnType<typeof createCheckHandlers>;

let checkCount = 0;
/** The page's path: the file's text in slices, then 'check-upload' naming how many, all under the file's one id. */
async function sendFile(handlers: CheckHandlers, text: string, options: { fileName?: string; checkId?: string; sender?: SenderInfo } = {}) {
  const checkId = options.checkId ?? `check-${++checkCount}`;
  const sender = options.sender ?? tab;
  await handlers['check-upload-part']({ checkId, index: 0, count: 1, text }, sender);
  return handlers['check-upload']({ checkId, fileName: options.fileName ?? 'updates.csv', encoding: 'utf-8', partCount: 1 }, sender);
}

async function check(handlers: CheckHandlers, text: string, fileName = 'updates.csv', checkId = 'check-1'): Promise<CheckReport> {
  const answer = await sendFile(handlers, text, { fileName, checkId });
  if (answer.outcome === 'unreadable') throw new Error(answer.error);
  return answer.report;
}

describe('the background check of an upload', () => {
  it('predicts every row of a clean update file as an update, in one lookup', async () => {
    const { handlers, lookup, runs } = setUp();
    const report = await check(handlers, uploadCsv(people.slice(0, 5)));
    expect(report.summary).toMatchObject({ rows: 5, predictedUpdates: 5, predictedNewAccounts: 0, blockedRows: 0 });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(runs.slotRequestFor(report.checkId)?.localIds).toEqual(people.slice(0, 5).map((p) => p.localId));
    expect(report.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(report.freshness).toMatchObject({ oldestAgeDays: 1, stale: false });
    expect(report.exports).toEqual(['needs-attention']);
  });

  it('finds a stale local ID for an existing person on the right line', async () => {
    const { handlers, runs } = setUp();
    const text = uploadCsv(people.slice(0, 3), (row, i) => {
      if (i === 1) row[COL.ExternalSyncID!] = 'OLD999';
      return row;
    });
    const report = await check(handlers, text);
    const duplicate = report.groups.find((g) => g.rule === 'probable-duplicate');
    expect(duplicate?.first[0]?.line).toBe(3);
    expect(report.summary.predictedNewAccounts).toBe(1);
    // The slot records which rows should update, so the results can show the one that created an account.
    expect(runs.slotRequestFor(report.checkId)).toMatchObject({
      fileName: 'updates.csv',
      rowCount: 3,
      predictedUpdateLocalIds: [people[0]!.localId, people[2]!.localId],
    });
    // …and which would create, with the keys that recognise them again (the remainder and resubmission need them).
    // Each row's hash as the row alone would give it (the check's own, not made again): what a later file is compared by.
    const read = readCsv({ text, encoding: 'utf-8' }, 'updates.csv');
    if (!read.ok) throw new Error(read.error.message);
    const hashOfRow = (index: number) => rowHash(read.table.rows[index]!.values);
    expect(runs.slotRequestFor(report.checkId)?.predictedCreates).toEqual([
      { rowHash: hashOfRow(1), localId: 'OLD999', email: people[1]!.email, nameMobile: expect.stringContaining('#07700') },
    ]);
    expect(runs.slotRequestFor(report.checkId)?.predictedUpdateRowHashes).toEqual([hashOfRow(0), hashOfRow(2)]);
    expect(report.tabId).toBe(4);
  });

  it('looks up by local ID, email and mobile, never by name alone (namesakes would flood the lookup)', async () => {
    const { handlers, lookup } = setUp();
    await check(handlers, uploadCsv(people.slice(0, 3)));
    const calls = lookup.mock.calls as unknown as [LookupKeys][];
    const keys = calls[0]![0];
    expect(keys.nameKeys).toEqual([]);
    expect(keys.localIds).toHaveLength(3);
    expect(keys.mobiles).toHaveLength(3);
  });

  it('tells the admin when damaged records of the cached report were left out', async () => {
    const { handlers } = setUp({ lookupMailboxes: async () => ({ ...cachedReport(), skippedRecords: 2 }) });
    const report = await check(handlers, uploadCsv(people.slice(0, 3)));
    expect(report.notes).toContain(
      "2 records of the cached Mailbox Report could not be read and were left out of this check. Import the Mailbox Report again on CSV Guard's options page.",
    );
  });

  it('tells the checking tab how far it has got', async () => {
    const { handlers, progress } = setUp();
    await check(handlers, uploadCsv(people.slice(0, 2)));
    expect(progress.map((p) => p.phase)).toEqual(['parsing', 'looking-up', 'checking']);
    expect(progress.every((p) => p.checkId === 'check-1')).toBe(true);
  });

  it('marks each of its steps in order for the bench, whichever way the file arrived', async () => {
    const steps: string[] = [];
    const { handlers } = setUp({ mark: (step) => void steps.push(step) });
    await check(handlers, uploadCsv(people.slice(0, 2)));
    expect(steps).toEqual(['received', 'parsed', 'fingerprinted', 'looked-up', 'indexed', 'ruled', 'replied']);
    steps.length = 0;
    const file = new File([uploadCsv(people.slice(0, 2))], 'updates.csv', { type: 'text/csv' });
    await handlers['check-upload-file']({ checkId: 'c-marks', fileName: 'updates.csv', file }, tab);
    expect(steps).toEqual(['received', 'file-read', 'parsed', 'fingerprinted', 'looked-up', 'indexed', 'ruled', 'replied']);
  });

  it('answers with the reader’s message when the file cannot be read', async () => {
    const { handlers } = setUp();
    const answer = await sendFile(handlers, '  ', { fileName: 'empty.csv' });
    expect(answer).toEqual({ outcome: 'unreadable', error: expect.stringMatching(/empty\.csv is empty/) });
  });

  it('checks headers against the template learnt from the portal when there is one', async () => {
    const learnt = { header: ['ID', 'ExternalSyncID', 'Surname'], sourceUrl: 'https://portal.nhs.net/s.csv', learntAt: NOW };
    const { handlers } = setUp({}, { ...DEFAULT_SETTINGS, learntTemplate: learnt });
    const report = await check(handlers, uploadCsv(people.slice(0, 1)));
    expect(report.groups.some((g) => g.rule === 'header')).toBe(true);
  });

  it('builds corrected files from the remembered check, and after a restart once the page has sent the file again', async () => {
    const first = setUp();
    const text = uploadCsv(people.slice(0, 2));
    await check(first.handlers, text);
    const files = await first.handlers['export-file']({ checkId: 'check-1', kind: 'needs-attention', fileName: 'updates.csv' }, tab);
    expect(files).toMatchObject({ outcome: 'built', files: [{ name: 'needs-attention.csv' }] });
    expect(first.lookup).toHaveBeenCalledTimes(1);

    const restarted = setUp();
    expect(await restarted.handlers['export-file']({ checkId: 'check-1', kind: 'needs-attention', fileName: 'updates.csv' }, tab)).toEqual({
      outcome: 'check-unknown',
    });
    await sendFile(restarted.handlers, text, { checkId: 'check-1' });
    const again = await restarted.handlers['export-file']({ checkId: 'check-1', kind: 'needs-attention', fileName: 'updates.csv' }, tab);
    expect(again.outcome === 'built' && again.files[0]?.content).toContain('ExternalSyncID');
    expect(restarted.lookup).toHaveBeenCalledTimes(1);
  });

  it('says why the remainder is not offered when the file repeats an upload whose new accounts no cached report shows yet', async () => {
    // Three updates and a new starter (no local ID), uploaded 3 hours ago; the cached report is a day old.
    const text = uploadCsv(people.slice(0, 4), (row, i) => (i === 3 ? Object.assign([...row], { [COL.ID!]: '', [COL.ExternalSyncID!]: '' }) : row));
    const first = setUp({ exporter: ENGINE_EXPORTS });
    await check(first.handlers, text, 'monday.csv', 'monday');
    const request = first.runs.slotRequestFor('monday')!;
    const uploaded = markProcessing(startPreparing(request, { id: 's1' }, NOW - 3 * 3_600_000), NOW - 3 * 3_600_000);

    const { handlers } = setUp({ exporter: ENGINE_EXPORTS, listSubmissions: async () => [uploaded] });
    const report = await check(handlers, text, 'monday.csv', 'again');
    expect(report.summary.byRule.resubmission).toBeGreaterThan(0);
    expect(report.exports).not.toContain('remainder');
    expect(report.remainderRefused?.message).toMatch(/Import a Mailbox Report downloaded after/);
  });

  it('offers and builds a file without the password column when the upload has one', async () => {
    const { handlers } = setUp({ exporter: ENGINE_EXPORTS });
    const text = Papa.unparse(
      { fields: [...BUNDLED_TEMPLATE.header, 'Password'], data: people.slice(0, 2).map((p) => [...uploadRow(p), 'Secret1!']) },
      { newline: '\r\n' },
    );
    const report = await check(handlers, text, 'with-password.csv');
    expect(report.exports).toContain('without-password');
    const answer = await handlers['export-file']({ checkId: report.checkId, kind: 'without-password', fileName: 'with-password.csv' }, tab);
    const files = answer.outcome === 'built' ? answer.files : [];
    expect(files).toHaveLength(1);
    expect(files[0]!.content.split('\r\n')[0]).toBe(BUNDLED_TEMPLATE.header.join(','));
    expect(files[0]!.content).not.toContain('Secret1!');
  });

  it('saves a learnt template only when it looks like a header', async () => {
    const { handlers, saved } = setUp();
    expect(await handlers['template-learnt']({ header: ['ID', 'ExternalSyncID '], sourceUrl: 'https://portal.nhs.net/s.csv' }, tab)).toEqual({
      saved: true,
    });
    expect(saved).toEqual([{ header: ['ID', 'ExternalSyncID'], sourceUrl: 'https://portal.nhs.net/s.csv', learntAt: NOW }]);
    expect(await handlers['template-learnt']({ header: [''], sourceUrl: 'x' }, tab)).toEqual({ saved: false });
  });

  it('gives the page the selectors an admin set by hand', async () => {
    const selectors = { uploadButton: '#go' };
    const { handlers } = setUp({}, { ...DEFAULT_SETTINGS, selectors });
    expect(await handlers['page-settings']({}, tab)).toEqual({ selectors });
  });
});

describe('what the background keeps of a check, and what it sends', () => {
  /** Rows with no local ID: each one is a blocking missing-local-id finding. */
  function withoutLocalIds(count: number): string {
    return uploadCsv(generatePeople(count, 11), (row) => {
      row[COL.ExternalSyncID!] = '';
      return row;
    });
  }

  it('replies with the counts and only the first findings of each rule, and pages the rest on request', async () => {
    const { handlers } = setUp();
    const report = await check(handlers, withoutLocalIds(40));
    const missing = report.groups.find((g) => g.rule === 'missing-local-id')!;
    expect(missing).toMatchObject({ severity: 'block', total: 40 });
    expect(missing.first).toHaveLength(FINDINGS_PREVIEWED_PER_RULE);
    expect(missing.first.map((f) => f.line)).toEqual(Array.from({ length: FINDINGS_PREVIEWED_PER_RULE }, (_, i) => i + 2));
    expect(report.summary.byRule['missing-local-id']).toBe(40);
    expect(report).not.toHaveProperty('findings');
    expect(report).not.toHaveProperty('localIds');

    const page = await handlers['check-findings']({ checkId: report.checkId, rule: 'missing-local-id', offset: 30, limit: 100 }, tab);
    expect(page).toMatchObject({ total: 40 });
    expect(page.outcome === 'found' && page.findings.map((f) => f.line)).toEqual(Array.from({ length: 10 }, (_, i) => i + 32));
  });

  it('says when it no longer has a check, so the page can send the file again', async () => {
    const { handlers } = setUp();
    expect(await handlers['check-findings']({ checkId: 'gone', rule: 'header', offset: 0, limit: 10 }, tab)).toEqual({ outcome: 'check-unknown' });
    expect(await handlers['export-file']({ checkId: 'gone', kind: 'needs-attention', fileName: 'a.csv' }, tab)).toEqual({ outcome: 'check-unknown' });
    expect(await handlers['fix-file']({ checkId: 'gone' }, tab)).toEqual({ outcome: 'check-unknown' });
  });

  it('re-checks a file sent again under the id of a check it lost', async () => {
    const { handlers } = setUp();
    const answer = await sendFile(handlers, uploadCsv(people.slice(0, 2)), { fileName: 'a.csv', checkId: 'check-lost' });
    expect(answer.outcome === 'checked' && answer.report.checkId).toBe('check-lost');
    expect(await handlers['export-file']({ checkId: 'check-lost', kind: 'needs-attention', fileName: 'a.csv' }, tab)).toMatchObject({
      outcome: 'built',
      files: [{ name: 'needs-attention.csv' }],
    });
  });

  it('checks a file that arrived in slices exactly as if it had arrived whole', async () => {
    const { handlers } = setUp();
    const text = withoutLocalIds(30);
    const whole = await check(handlers, text);
    const parts = [text.slice(0, 100), text.slice(100, 1000), text.slice(1000)];
    for (const index of [2, 0, 1]) await handlers['check-upload-part']({ checkId: 'c9', index, count: 3, text: parts[index]! }, tab);
    const sliced = await handlers['check-upload']({ checkId: 'c9', fileName: 'updates.csv', encoding: 'utf-8', partCount: 3 }, tab);
    expect(sliced.outcome === 'checked' && sliced.report.summary).toEqual(whole.summary);
  });

  it('checks a file handed over as a File (structured-clone messages) exactly as its text in slices, decoding it itself', async () => {
    const { handlers } = setUp();
    const text = withoutLocalIds(30);
    const sliced = await check(handlers, text);
    // Excel's "CSV UTF-8": a byte order mark the page no longer strips, since it no longer reads the file.
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const file = new File([bytes], 'updates.csv', { type: 'text/csv' });
    const answer = await handlers['check-upload-file']({ checkId: 'c10', fileName: 'updates.csv', file }, tab);
    expect(answer.outcome === 'checked' && answer.report.summary).toEqual(sliced.summary);
    expect(answer.outcome === 'checked' && answer.report.checkId).toBe('c10');
  });

  it('asks for the text when the File arrived as what JSON messages make of one, and says so when the file cannot be read', async () => {
    const { handlers, lookup } = setUp();
    const asJson = JSON.parse(JSON.stringify({ file: new File(['ID\r\n'], 'a.csv') })) as { file: File };
    expect(await handlers['check-upload-file']({ checkId: 'c11', fileName: 'a.csv', file: asJson.file }, tab)).toEqual({ outcome: 'send-text' });
    const unreadable = new File(['ID\r\n'], 'gone.csv');
    vi.spyOn(unreadable, 'arrayBuffer').mockRejectedValue(new DOMException('The file changed.', 'NotReadableError'));
    expect(await handlers['check-upload-file']({ checkId: 'c12', fileName: 'gone.csv', file: unreadable }, tab)).toEqual({
      outcome: 'unreadable',
      error: expect.stringMatching(/“gone\.csv” could not be read .* Choose it again\./),
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses to check a file with a missing slice rather than check part of it', async () => {
    const { handlers, lookup } = setUp();
    await handlers['check-upload-part']({ checkId: 'c9', index: 0, count: 2, text: 'ID,ExternalSyncID\r\n' }, tab);
    await expect(handlers['check-upload']({ checkId: 'c9', fileName: 'a.csv', encoding: 'utf-8', partCount: 2 }, tab)).rejects.toThrow(/Part 2 of 2/);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('keeps only the latest check of each tab', async () => {
    const { handlers, runs } = setUp();
    await check(handlers, uploadCsv(people.slice(0, 2)), 'updates.csv', 'check-1');
    await check(handlers, uploadCsv(people.slice(0, 3)), 'updates.csv', 'check-2');
    expect(runs.get('check-1')).toBeUndefined();
    expect(runs.slotRequestFor('check-2')?.rowCount).toBe(3);
    await sendFile(handlers, uploadCsv(people.slice(0, 1)), { fileName: 'other-tab.csv', sender: { tabId: 9 }, checkId: 'check-3' });
    expect(runs.get('check-2')).toBeDefined();
    expect(runs.get('check-3')).toBeDefined();
  });
});
