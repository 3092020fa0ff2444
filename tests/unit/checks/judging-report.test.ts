import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import { findSubmissionOverlaps, judgingReport } from '../../../lib/checks/submission-overlap';
import type { ReportMeta } from '../../../lib/portal/mailbox';
import { localIdKey } from '../../../lib/portal/normalize';
import type { Submission } from '../../../lib/submissions/types';
import { columns, header, mailboxArb, rowArb, uploadTable } from './row-arbitraries';

/**
 * The report an earlier upload is judged by comes from the organisations of the file's local IDs; the search
 * for them stops once every cached report's organisation is found. Checked against all of them, found by brute force.
 */
const reportArb = fc.record({
  orgId: fc.constantFrom('RXX', 'RYY', 'RZZ'),
  orgLabel: fc.constant(''),
  fileName: fc.constantFrom('a.csv', 'b.csv', 'c.csv'),
  importedAt: fc.integer({ min: 1, max: 1_000 }),
  rowCount: fc.constant(1),
  rowsWithoutLocalId: fc.constant(0),
  columns: fc.constant([] as string[]),
}) as fc.Arbitrary<ReportMeta>;

describe('judging report', () => {
  it('is the one judgingReport picks from the organisations of every mailbox on one of the file local IDs', () => {
    fc.assert(
      fc.property(
        fc.array(mailboxArb, { maxLength: 8 }),
        fc.array(rowArb, { minLength: 1, maxLength: 8 }),
        fc.array(reportArb, { maxLength: 4 }),
        (mailboxes, rows, reports) => {
          const table = uploadTable(rows);
          // Still processing and the same file: every row overlaps, so the overlap is kept and names its report.
          const earlier = {
            id: 's',
            state: 'processing',
            fileName: 'e.csv',
            fingerprint: 'x',
            rowCount: rows.length,
            header,
            localIds: [],
            createdAt: 2_000,
            updatedAt: 2_000,
          } as Submission;
          const [overlap] = findSubmissionOverlaps(table, columns, [earlier], 'x', { reports, mailboxes: buildMailboxIndex(mailboxes) });
          const ids = new Set(rows.map((values) => localIdKey(values[columns.localId!]!)).filter(Boolean));
          const orgIds = new Set(mailboxes.filter((m) => ids.has(localIdKey(m.localId))).map((m) => m.orgId));
          expect(overlap?.report).toEqual(judgingReport(reports, orgIds));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
