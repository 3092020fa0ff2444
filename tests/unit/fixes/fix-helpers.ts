import { buildMailboxIndex } from '../../../lib/checks/mailbox-index';
import type { CheckContext } from '../../../lib/checks/context';
import { readCsv } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';
import { correctUpload, type Correction, type CorrectionOptions } from '../../../lib/fixes/correct';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import type { Mailbox } from '../../../lib/portal/mailbox';
import { BUNDLED_TEMPLATE, type UploadTemplate } from '../../../lib/portal/template';
import type { Submission } from '../../../lib/submissions/types';
import { NOW, reportMeta } from '../checks/helpers';

export function readTable(text: string, fileName = 'users.csv'): CsvTable {
  const result = readCsv({ text: text.replace(/^\uFEFF/, ''), encoding: text.startsWith('\uFEFF') ? 'utf-8-bom' : 'utf-8' }, fileName);
  if (!result.ok) throw new Error(result.error.message);
  return result.table;
}

export interface FixSetup {
  mailboxes: Mailbox[];
  template?: UploadTemplate;
  submissions?: Submission[];
  withReport?: boolean;
}

/** The context a check of this table would have: the same one the correction starts from. */
export function contextFor(table: CsvTable, setup: FixSetup): CheckContext {
  return {
    table,
    template: setup.template ?? BUNDLED_TEMPLATE,
    columns: resolveUploadColumns(table.header),
    mailboxes: buildMailboxIndex(setup.mailboxes),
    reports: setup.withReport === false ? [] : [reportMeta('RXX', 1, setup.mailboxes.length)],
    settings: { batchSize: 500, staleReportDays: 7 },
    submissions: setup.submissions ?? [],
    now: NOW,
  };
}

export function correct(
  text: string,
  setup: FixSetup,
  options: CorrectionOptions = {},
): { table: CsvTable; correction: Correction; ctx: CheckContext } {
  const table = readTable(text);
  const ctx = contextFor(table, setup);
  return { table, ctx, correction: correctUpload(ctx, options) };
}
