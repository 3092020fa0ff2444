import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks/engine';
import { lookupKeysFor } from '../../../lib/checks/lookup-keys';
import { buildMailboxIndex, type MailboxIndex } from '../../../lib/checks/mailbox-index';
import { rowAlignedLookupKeys, uploadKeysOf, type UploadKeys } from '../../../lib/checks/upload-keys';
import { runCheckPipeline, type CheckPipelineDeps } from '../../../lib/background/check-pipeline';
import type { RuleId } from '../../../lib/checks/types';
import type { CsvTable } from '../../../lib/csv/types';
import type { KeyMatches } from '../../../lib/messaging/reports-protocol';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { GuardDb } from '../../../lib/store/db';
import { lookupMailboxes, type LookupResult } from '../../../lib/store/lookup';
import { LookupCache } from '../../../lib/store/lookup-cache';
import { COL, uploadCsv, type Person } from '../../support/generate';
import { table } from '../checks/helpers';
import { freshDb, generatePeople, importPeople } from './helpers';

const NOW = Date.UTC(2026, 0, 15);
const PLACEHOLDER = 'N/A';

/**
 * Two organisations' reports holding every kind of key the checks match by: a placeholder local ID on
 * 3,000 mailboxes of one and a few of the other, local IDs and emails both organisations have, namesakes
 * sharing a name and mobile, two mailboxes sharing an email, and damaged stored rows.
 */
async function twoOrganisations(): Promise<{ db: GuardDb; cache: LookupCache; a: Person[]; b: Person[] }> {
  const a = generatePeople(4_000, 21, 'AAA');
  for (let i = 1_000; i < 4_000; i++) a[i] = { ...a[i]!, localId: PLACEHOLDER };
  // Namesakes: the same name and mobile, another person (another email and local ID).
  a[6] = { ...a[6]!, firstName: a[5]!.firstName, lastName: a[5]!.lastName, displayName: a[5]!.displayName, mobile: a[5]!.mobile };
  // Two mailboxes with one email (twice: the upload finds the second pair's later row first, by its local ID).
  a[8] = { ...a[8]!, email: a[7]!.email };
  a[71] = { ...a[71]!, email: a[70]!.email };
  const b = generatePeople(300, 22, 'BBB');
  for (let i = 0; i < 10; i++) b[i] = { ...b[i]!, localId: a[i]!.localId };
  for (let i = 10; i < 15; i++) b[i] = { ...b[i]!, localId: PLACEHOLDER };
  for (let i = 15; i < 20; i++) b[i] = { ...b[i]!, email: a[i]!.email };
  const db = await freshDb();
  const cache = new LookupCache();
  await importPeople(db, a, 'Trust A', cache);
  await importPeople(db, b, 'Trust B', cache);
  // Damage stored rows of Trust A that the upload finds: by local ID (row 2), by email (row 7), the placeholder (row 1,500).
  const report = (await db.getAll('reports')).find((r) => r.orgId === 'trust a')!;
  for (const [chunkNo, rowsToDamage] of [
    [0, [2, 7]],
    [1, [500]],
  ] as const) {
    const chunk = (await db.get('reportChunks', [report.generation, chunkNo]))!;
    const rows = chunk.rows.split('\n');
    for (const row of rowsToDamage) rows[row] = '{not json';
    await db.put('reportChunks', { ...chunk, rows: rows.join('\n') });
  }
  cache.clear();
  return { db, cache, a, b };
}

/** An upload with rows of every kind: updates, shared and placeholder IDs (many rows), namesakes, shared emails, blanks, repeats. */
function uploadFor(a: readonly Person[], b: readonly Person[]): CsvTable {
  const people = [...a.slice(0, 60), ...a.slice(1_000, 1_080), ...b.slice(0, 30), a[5]!, a[7]!, a[7]!, a[2]!, a[71]!, a[70]!, a[20]!];
  return table(
    uploadCsv(people, (row, i) => {
      const edited = [...row];
      if (i % 11 === 3) edited[COL.ExternalSyncID!] = ''; // a create: found by email, or name and mobile
      if (i % 13 === 4) edited[COL.EmailAddress!] = ''; // matched by local ID and name alone
      if (i % 17 === 5) edited[COL.MobileNumber!] = '';
      if (i === 7) edited[COL.ExternalSyncID!] = 'UNKNOWN1';
      if (i === 9) edited[COL.ExternalSyncID!] = ` ${a[12]!.localId}\u200b `; // someone else's ID, written untidily
      if (i === people.length - 2) edited[COL.ExternalSyncID!] = ''; // a create whose email two mailboxes have
      if (i === people.length - 1) {
        // Blank ID, a namesake's name and mobile: a probable duplicate of two mailboxes.
        edited[COL.ExternalSyncID!] = '';
        edited[COL.EmailAddress!] = 'someone.new@nhs.net';
        edited[COL.FirstName!] = a[5]!.firstName;
        edited[COL.LastName!] = a[5]!.lastName;
        edited[COL.MobileNumber!] = a[5]!.mobile;
      }
      return edited;
    }),
  );
}

/** The places of a list's mailboxes in the lookup's answer: same objects, same order. */
function places(list: readonly Mailbox[] | undefined, result: LookupResult): number[] {
  return (list ?? []).map((m) => result.mailboxes.indexOf(m));
}

function expectMatchesAsIndexed(matches: KeyMatches, keys: UploadKeys, index: MailboxIndex, result: LookupResult): void {
  const kinds = [
    ['localIds', keys.localIdKeys, index.byLocalId],
    ['emails', keys.emailKeys, index.byEmail],
    ['mobiles', keys.mobileKeys, index.byMobile],
  ] as const;
  for (const [kind, asked, map] of kinds) {
    expect(matches[kind]).toHaveLength(asked.length);
    asked.forEach((key, row) => {
      expect(places(matches[kind][row], result), `${kind} of row ${row} (${key})`).toEqual(places(key ? map.get(key) : [], result));
    });
  }
}

function contextFor(t: CsvTable, result: LookupResult) {
  return {
    table: t,
    template: BUNDLED_TEMPLATE,
    columns: resolveUploadColumns(t.header),
    mailboxes: buildMailboxIndex(result.mailboxes),
    reports: result.reports,
    settings: { batchSize: 500, staleReportDays: 7 },
    submissions: [],
    now: NOW,
  };
}

describe('the lookup answers each asked key with what it matched (KeyMatches)', () => {
  it.each([
    ['cold, from the key tables', true],
    ['warm, from memory', false],
  ])('gives each row the lists an index of the found mailboxes files under its keys, and the same findings, %s', async (_, cold) => {
    const { db, cache, a, b } = await twoOrganisations();
    if (!cold) await lookupMailboxes(db, cache, { localIds: [a[0]!.localId], emails: [], nameKeys: [], mobiles: [] });
    const t = uploadFor(a, b);
    const columns = resolveUploadColumns(t.header);
    const keys = uploadKeysOf(t, columns);
    const result = await lookupMailboxes(db, cache, rowAlignedLookupKeys(keys));

    // The same mailboxes and damaged count as asked the way it was before (keys without blanks).
    const before = await lookupMailboxes(db, new LookupCache(), lookupKeysFor(t, columns, { nameKeys: false }));
    expect(result.mailboxes).toEqual(before.mailboxes);
    expect(result.skippedRecords).toBe(before.skippedRecords);
    expect(result.skippedRecords).toBe(3);
    // The placeholder's mailboxes in both organisations, but not its damaged one.
    expect(result.mailboxes.filter((m) => m.localId === PLACEHOLDER)).toHaveLength(3_000 - 1 + 5);

    const index = buildMailboxIndex(result.mailboxes);
    expectMatchesAsIndexed(result.matches, keys, index, result);
    // Every row asking the placeholder gets one list, not a copy each.
    const placeholderRows = keys.localIdKeys.flatMap((key, row) => (key === PLACEHOLDER ? [row] : []));
    expect(placeholderRows.length).toBeGreaterThan(70);
    expect(new Set(placeholderRows.map((row) => result.matches.localIds[row])).size).toBe(1);

    // The findings: matched row by row, as the pipeline does, and through the index's maps, as before.
    const ctx = contextFor(t, result);
    const rowByRow = runChecks({ ...ctx, keys, matches: result.matches });
    expect(rowByRow).toEqual(runChecks(contextFor(t, result)));
    const rules = new Set<RuleId>(rowByRow.findings.map((f) => f.rule));
    for (const rule of ['ambiguous-local-id', 'probable-duplicate', 'identity-mismatch', 'unknown-local-id', 'duplicate-local-id'] as const)
      expect(rules, rule).toContain(rule);
    db.close();
  });

  it('gives the same check from the pipeline whether or not the lookup answers row by row', async () => {
    const { db, cache, a, b } = await twoOrganisations();
    const t = uploadFor(a, b);
    const text = [t.header, ...t.rows.map((r) => r.values)].map((values) => values.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n');
    const deps = (rowByRow: boolean): CheckPipelineDeps => ({
      loadSettings: async () => DEFAULT_SETTINGS,
      lookupMailboxes: async (keys) => {
        const { matches, ...rest } = await lookupMailboxes(db, cache, keys);
        return rowByRow ? { ...rest, matches } : rest;
      },
      listSubmissions: async () => [],
      now: () => NOW,
    });
    const input = { fileName: 'users.csv', text, encoding: 'utf-8' as const };
    const [withMatches, withoutMatches] = [await runCheckPipeline(input, deps(true)), await runCheckPipeline(input, deps(false))];
    if (!withMatches.ok || !withoutMatches.ok) throw new Error('not checked');
    expect(withMatches.run.result).toEqual(withoutMatches.run.result);
    expect(withMatches.run.localIds).toEqual(withoutMatches.run.localIds);
    expect(withMatches.run.skippedRecords).toBe(3);
    expect(withMatches.run.result.summary.byRule['ambiguous-local-id']).toBeGreaterThan(0);
    db.close();
  });
});
