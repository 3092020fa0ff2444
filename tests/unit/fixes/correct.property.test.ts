import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks/engine';
import { writeCsv } from '../../../lib/csv/write';
import type { CsvTable } from '../../../lib/csv/types';
import { correctedFile, needsAttentionFile } from '../../../lib/output/fix-files';
import { REASON_COLUMN } from '../../../lib/output/exports';
import { roleOfHeader } from '../../../lib/portal/columns';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';
import { generatePeople, uploadRow, COL, type Person } from '../../support/generate';
import { mailboxOf } from '../checks/helpers';
import { contextFor, correct, readTable } from './fix-helpers';

// A directory of 12 people; uploads of up to 10 rows, each row a person with the mistakes admins make.
const PEOPLE: Person[] = generatePeople(12, 11).map((p) => ({ ...p, status: 'Active' }));

const mistake = fc.constantFrom(
  'none',
  'none',
  'blank-id',
  'stale-id',
  'someone-elses-id',
  'ou-change',
  'plus44-zero',
  'lost-zero',
  'invisible-id',
  'spaces',
  'formula',
  'quotes-commas',
  'non-uk-mobile',
  'new-person',
  'no-email-blank-id',
);
type Mistake = typeof mistake extends fc.Arbitrary<infer M> ? M : never;

function applyMistake(row: string[], m: Mistake, person: Person, other: Person): string[] {
  const r = [...row];
  switch (m) {
    case 'blank-id':
      r[COL.ExternalSyncID!] = '';
      break;
    case 'stale-id':
      r[COL.ExternalSyncID!] = `OLD${person.localId.slice(3)}`;
      break;
    case 'someone-elses-id':
      r[COL.ExternalSyncID!] = other.localId;
      break;
    case 'ou-change':
      r[COL.OrganisationalUnit!] = person.ou === 'Corporate' ? 'Acute Services' : 'Corporate';
      break;
    case 'plus44-zero':
      r[COL.MobileNumber!] = `+44 ${person.mobile}`;
      break;
    case 'lost-zero':
      r[COL.MobileNumber!] = person.mobile.replace(/\s/g, '').slice(1);
      break;
    case 'invisible-id':
      r[COL.ExternalSyncID!] = `${person.localId}\u200B`;
      break;
    case 'spaces':
      r[COL.JobTitle!] = ` ${r[COL.JobTitle!]}  `;
      r[COL.LastName!] = `${r[COL.LastName!]} `;
      break;
    case 'formula':
      r[COL.JobTitle!] = '=HYPERLINK("http://x")';
      r[COL.Department!] = '@SUM(1)';
      break;
    case 'quotes-commas':
      r[COL.Department!] = 'Ward 3, "East"';
      break;
    case 'non-uk-mobile':
      r[COL.MobileNumber!] = '+353 87 123 4567';
      break;
    case 'new-person':
      r[COL.ExternalSyncID!] = '';
      r[COL.EmailAddress!] = 'new.starter@nhs.net';
      r[COL.MobileNumber!] = '07700 111111';
      break;
    case 'no-email-blank-id':
      r[COL.ExternalSyncID!] = '';
      r[COL.EmailAddress!] = '';
      break;
    case 'none':
      break;
  }
  return r;
}

const scenario = fc.record({
  rows: fc.array(fc.record({ person: fc.nat(PEOPLE.length - 1), other: fc.nat(PEOPLE.length - 1), mistake }), { minLength: 1, maxLength: 10 }),
  // Two accounts with one email (in two organisations' reports): matching by email is then ambiguous.
  twins: fc.subarray([0, 1, 2, 3]),
  password: fc.boolean(),
  learnt: fc.boolean(),
  shuffle: fc.boolean(),
  delimiter: fc.constantFrom<CsvTable['delimiter']>(',', ';'),
  lineEnding: fc.constantFrom<CsvTable['lineEnding']>('\r\n', '\n'),
  bom: fc.boolean(),
  dropNoChange: fc.boolean(),
  withReport: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario) {
  const mailboxes: Mailbox[] = s.withReport ? PEOPLE.map((p) => mailboxOf(p)) : [];
  if (s.withReport) for (const i of s.twins) mailboxes.push(mailboxOf({ ...PEOPLE[i]!, localId: `RYY${PEOPLE[i]!.localId.slice(3)}` }, 'RYY'));
  let header = [...BUNDLED_TEMPLATE.header];
  let rows = s.rows.map(({ person, other, mistake: m }) => applyMistake(uploadRow(PEOPLE[person]!), m, PEOPLE[person]!, PEOPLE[other]!));
  if (s.password) {
    header = [...header, 'Password'];
    rows = rows.map((r, i) => [...r, i % 2 === 0 ? `Secret${i}!` : '']);
  }
  if (s.shuffle) {
    const order = header.map((_, i) => i).reverse();
    header = order.map((i) => header[i]!);
    rows = rows.map((r) => order.map((i) => r[i]!));
  }
  const text = (s.bom ? '\uFEFF' : '') + writeCsv(header, rows, { delimiter: s.delimiter, lineEnding: s.lineEnding }, { purpose: 'upload' });
  const template = s.learnt ? { source: 'learnt' as const, header: BUNDLED_TEMPLATE.header } : BUNDLED_TEMPLATE;
  return { text, mailboxes, template };
}

describe('the corrected file, for any upload and report', () => {
  it('holds every original row exactly once with needs-attention; re-checks with no blocking finding; keeps untouched values byte for byte; lists every change', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { text, mailboxes, template } = build(s);
        const setup = { mailboxes, template, withReport: s.withReport };
        const { table, correction } = correct(text, setup, { dropNoChange: s.dropNoChange });
        const headerLine = table.headerLine ?? 1;

        // Nothing lost: corrected + needs attention (+ rows the admin chose to leave out) = every row, once.
        const lines = [...correction.rows, ...correction.attention, ...correction.dropped].map((r) => r.line).sort((a, b) => a - b);
        expect(lines).toEqual(table.rows.map((r) => r.line));
        if (!s.dropNoChange) expect(correction.dropped).toEqual([]);

        // The files as written: read back, the corrected one is exactly the corrected rows.
        const file = correctedFile(correction, table);
        expect(file.content.startsWith('\uFEFF')).toBe(table.encoding !== 'utf-8');
        const back = readTable(file.content, file.name);
        expect(back.header).toEqual(correction.header);
        expect(back.rows.map((r) => r.values)).toEqual(correction.rows.map((r) => r.values));
        const attention = needsAttentionFile(correction, table);
        if (attention) {
          const rest = readTable(attention.content);
          expect(rest.header.at(-1)).toBe(REASON_COLUMN);
          expect(rest.rows).toHaveLength(correction.attention.length);
          for (const r of correction.attention) {
            expect(r.values).toEqual(table.rows.find((o) => o.line === r.line)!.values);
            expect(r.reason.trim()).not.toBe('');
          }
        }

        // Checked again from the written text, with the same engine and report: nothing blocks.
        if (correction.offerable) {
          const again = runChecks(contextFor(back, setup));
          expect(again.findings.filter((f) => f.severity === 'block')).toEqual([]);
        } else {
          expect(correction.rows.length === 0 || correction.recheck.findings.some((f) => f.severity === 'block')).toBe(true);
        }
        if (correction.rows.length > 0 && s.withReport) expect(correction.offerable).toBe(true);

        // Values: a cell differs from the original exactly when the change list says so, old → new.
        const original = new Map(table.rows.map((r) => [r.line, r.values] as const));
        const sources = correction.header.map((h, j) => {
          const i = table.header.findIndex(
            (o, k) => o === h || correction.changes.some((c) => c.line === headerLine && c.column === table.header[k] && c.new === h),
          );
          expect(i, `column ${j} "${h}" comes from a column of the original`).toBeGreaterThanOrEqual(0);
          return i;
        });
        for (const row of correction.rows) {
          const before = original.get(row.line)!;
          row.values.forEach((value, j) => {
            const column = table.header[sources[j]!]!;
            const listed = correction.changes.filter((c) => c.line === row.line && c.column === column);
            if (value === before[sources[j]!]) expect(listed).toEqual([]);
            else expect(listed).toEqual([expect.objectContaining({ old: before[sources[j]!], new: value })]);
          });
        }
        // Every change listed is real: a row change names a line of the file; only password columns disappear.
        for (const c of correction.changes) expect([0, headerLine, ...lines]).toContain(c.line);
        for (const h of table.header) {
          if (!sources.some((i) => table.header[i] === h)) expect(roleOfHeader(h)).toBe('password');
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
