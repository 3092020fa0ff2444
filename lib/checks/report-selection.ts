import type { CsvTable } from '../csv/types';
import type { LookupKeys } from '../messaging/reports-protocol';
import type { Mailbox } from '../portal/mailbox';
import { planMailboxReport } from '../portal/mailbox-report';
import { emailKey, localIdKey, mobileKey } from '../portal/normalize';
import { askedKeys, personNameKeys } from './mailbox-index';

export type ReportSelection =
  | { ok: true; mailboxes: Mailbox[]; columns: string[]; rowCount: number; rowsWithoutLocalId: number; generatedAt?: number }
  | { ok: false; error: string };

/**
 * Read a whole Mailbox Report held in memory (the command line, the benchmark), keeping only the
 * mailboxes an upload can match: same local ID, same email, or same mobile and name (lookupKeysFor).
 * It is what the extension's store does with IndexedDB indexes, and the same result as
 * selectMailboxes(parseMailboxReport(table).mailboxes, keys), without building 100,000 Mailbox
 * objects to keep 10,000. Uses the store's own report plan, so columns are read the same way.
 * Counts (rows, rows without a local ID) cover the whole report.
 */
export function selectFromReport(table: CsvTable, orgId: string, keys: LookupKeys): ReportSelection {
  const planned = planMailboxReport(table.header, table.fileName);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const p = plan.positions;
  const localIds = askedKeys(keys.localIds);
  const emails = askedKeys(keys.emails);
  const mobiles = askedKeys(keys.mobiles);
  const names = askedKeys(keys.nameKeys);
  const mailboxes: Mailbox[] = [];
  let rowsWithoutLocalId = 0;
  let generatedAt: number | undefined;
  for (const { values } of table.rows) {
    const id = localIdKey(values[p.localId] ?? '');
    if (!id) rowsWithoutLocalId++;
    if (p.generatedAt !== undefined) generatedAt ??= plan.generatedAtOf(values);
    let wanted = (id !== '' && localIds.has(id)) || emails.has(emailKey(values[p.email] ?? ''));
    if (!wanted && p.mobile !== undefined && mobiles.size > 0) {
      const mobile = mobileKey(values[p.mobile]);
      if (mobile && mobiles.has(mobile)) {
        const cell = (index: number | undefined) => (index === undefined ? undefined : values[index]?.trim());
        wanted = personNameKeys(cell(p.firstName), cell(p.lastName), cell(p.displayName)).some((k) => names.has(k));
      }
    }
    if (wanted) mailboxes.push(plan.toMailbox(values, orgId));
  }
  const result: ReportSelection = { ok: true, mailboxes, columns: plan.columns, rowCount: table.rows.length, rowsWithoutLocalId };
  if (generatedAt !== undefined) result.generatedAt = generatedAt;
  return result;
}
