import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { Submission } from '../../../lib/submissions/types';
import { GenerationWriter } from '../../../lib/store/generation-layout';
import { DAY_MS } from '../../../lib/store/freshness';
import { ORPHAN_AFTER_MS } from '../../../lib/store/generations';
import { deleteAllData, deleteReport, listReports } from '../../../lib/store/reports';
import { runRetention } from '../../../lib/store/retention';
import { importMailboxReport } from '../../../lib/store/import-report';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { countStoredRows, freshDb, generatePeople, importPeople, mailboxReportCsv } from './helpers';

function submission(id: string, state: Submission['state'], updatedAt: number): Submission {
  return { id, state, fileName: `${id}.csv`, fingerprint: id, rowCount: 1, header: ['ID'], localIds: [], createdAt: updatedAt, updatedAt };
}

describe('deleting cached data', () => {
  it("deletes one organisation's report with its mailboxes, leaving the others", async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(30, 1, 'AAA'), 'Trust A');
    await importPeople(db, generatePeople(20, 2, 'BBB'), 'Trust B');
    expect(await deleteReport(db, new LookupCache(), 'trust a')).toBe(true);
    expect(await deleteReport(db, new LookupCache(), 'trust a')).toBe(false);
    expect((await listReports(db)).reports.map((r) => r.orgId)).toEqual(['trust b']);
    expect(await countStoredRows(db)).toBe(20);
  });

  it('"Delete cached data" removes every report, mailbox and history record and says how many', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(30));
    await db.put('submissions', submission('s1', 'finished', 1));
    expect(await deleteAllData(db, { imports: new ImportsInProgress(), lookupCache: new LookupCache() })).toEqual({
      reports: 1,
      mailboxes: 30,
      submissions: 1,
    });
    expect([await db.count('reports'), await countStoredRows(db), await db.count('submissions')]).toEqual([0, 0, 0]);
  });

  it('"Delete cached data" stops an import in progress, so nothing is saved after it', async () => {
    const db = await freshDb();
    // One set of imports in progress, shared by the import and "Delete cached data" as the background shares it.
    const imports = new ImportsInProgress();
    let deleted: Promise<unknown> | undefined;
    const importing = importMailboxReport(
      db,
      { orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(20_000)) },
      {
        imports,
        lookupCache: new LookupCache(),
        onProgress: (p) => {
          if (p.phase === 'writing') deleted ??= deleteAllData(db, { imports, lookupCache: new LookupCache() });
        },
      },
    );
    expect(await importing.catch((e: unknown) => e)).toMatchObject({ code: 'cancelled' });
    await deleted;
    expect([await db.count('reports'), await countStoredRows(db)]).toEqual([0, 0]);
  });

  it('lists a damaged report record apart, with what to do, and can delete it', async () => {
    const db = await freshDb();
    await importPeople(db, generatePeople(5));
    await db.put('reports', { orgId: 'broken', orgLabel: 7 } as never);
    const { reports, damaged } = await listReports(db);
    expect(reports.map((r) => r.orgId)).toEqual(['trust a']);
    expect(damaged).toEqual([{ orgId: 'broken', problem: expect.stringMatching(/damaged.*Delete it and import the Mailbox Report again/) }]);
    expect(await deleteReport(db, new LookupCache(), 'broken')).toBe(true);
    expect((await listReports(db)).damaged).toEqual([]);
  });
});

describe('runRetention', () => {
  it('deletes reports and finished history older than the retention setting, never a processing submission', async () => {
    const db = await freshDb();
    const now = Date.now();
    await importPeople(db, generatePeople(10, 1, 'OLD'), 'Old trust');
    await db.put('reports', { ...(await db.get('reports', 'old trust'))!, importedAt: now - 11 * DAY_MS });
    await importPeople(db, generatePeople(10, 2, 'NEW'), 'New trust');
    await db.put('submissions', submission('old-finished', 'finished', now - 11 * DAY_MS));
    await db.put('submissions', submission('old-processing', 'processing', now - 11 * DAY_MS));
    await db.put('submissions', submission('recent', 'finished', now - 9 * DAY_MS));

    const result = await runRetention(
      {
        openDb: async () => db,
        loadSettings: async () => ({ ...DEFAULT_SETTINGS, retentionDays: 10 }),
        imports: new ImportsInProgress(),
        lookupCache: new LookupCache(),
      },
      now,
    );

    expect(result).toMatchObject({ reports: 1, submissions: 1 });
    expect((await listReports(db)).reports.map((r) => r.orgId)).toEqual(['new trust']);
    expect(await countStoredRows(db)).toBe(10);
    expect((await db.getAllKeys('submissions')).sort()).toEqual(['old-processing', 'recent']);
  });

  it('reports a failure instead of throwing, so the hourly upkeep goes on', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const openDb = async () => {
      throw new Error('storage unavailable');
    };
    const result = await runRetention({
      openDb,
      loadSettings: async () => DEFAULT_SETTINGS,
      imports: new ImportsInProgress(),
      lookupCache: new LookupCache(),
    });
    expect(result).toEqual({ reports: 0, submissions: 0, orphanGenerations: 0, error: 'storage unavailable' });
    expect(logged.mock.calls[0]?.[0]).toMatch(/automatic deletion did not finish \(storage unavailable\)/);
    logged.mockRestore();
  });

  it('removes rows an interrupted import left behind, once they are clearly abandoned', async () => {
    const db = await freshDb();
    const now = Date.now();
    await importPeople(db, generatePeople(10));
    const abandoned = `${(now - ORPHAN_AFTER_MS - 1000).toString(36)}-abc`;
    const recent = `${now.toString(36)}-def`;
    for (const generation of [abandoned, recent]) {
      // An import cut short leaves chunks without key tables, or (cut at the swap) both without a report.
      const writer = new GenerationWriter(generation);
      writer.add({ orgId: 'x', localId: 'L', email: 'e@nhs.net', status: 'active', statusText: 'Active', extra: {} });
      const { chunks, keyTables } = writer.finish();
      for (const chunk of chunks) await db.put('reportChunks', chunk);
      if (generation === abandoned) await db.put('reportKeys', keyTables);
    }
    const result = await runRetention(
      { openDb: async () => db, loadSettings: async () => DEFAULT_SETTINGS, imports: new ImportsInProgress(), lookupCache: new LookupCache() },
      now,
    );
    expect(result.orphanGenerations).toBe(1);
    expect(await countStoredRows(db, abandoned)).toBe(0);
    expect(await db.get('reportKeys', abandoned)).toBeUndefined();
    expect(await countStoredRows(db, recent)).toBe(1);
    expect(await countStoredRows(db)).toBe(11);
  });

  it('never removes the rows an import of this worker is still writing, however old they look', async () => {
    const db = await freshDb();
    const now = Date.now();
    const imports = new ImportsInProgress();
    // A long import: its generation's name is older than the orphan limit, and it has no report yet.
    const slow = `${(now - ORPHAN_AFTER_MS - 1000).toString(36)}-slow`;
    const writer = new GenerationWriter(slow);
    writer.add({ orgId: 'x', localId: 'L', email: 'e@nhs.net', status: 'active', statusText: 'Active', extra: {} });
    for (const chunk of writer.finish().chunks) await db.put('reportChunks', chunk);
    imports.start(slow);
    const retention = { openDb: async () => db, loadSettings: async () => DEFAULT_SETTINGS, imports, lookupCache: new LookupCache() };
    expect((await runRetention(retention, now)).orphanGenerations).toBe(0);
    expect(await countStoredRows(db, slow)).toBe(1);
    // Once the import has stopped without swapping its report in, the rows are abandoned.
    imports.finish(slow);
    expect((await runRetention(retention, now)).orphanGenerations).toBe(1);
    expect(await countStoredRows(db, slow)).toBe(0);
  });
});
