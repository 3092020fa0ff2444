import { cell } from '../portal/columns';
import type { Mailbox } from '../portal/mailbox';
import type { RuleInput } from './rule';
import type { RowAnalysis } from './row-analysis';
import type { RelatedMailbox } from './types';

/** One formatter: toLocaleString('en-GB') builds a new one per call, and rules word thousands of findings. */
const numberFormat = new Intl.NumberFormat('en-GB');

/** A value quoted in a message: long values (a 5 MB cell) are cut short so the message stays readable. */
export function shown(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** A mailbox as an admin recognises it: "Siân O'Connor (sian.oconnor@nhs.net, local ID RXX000123)". */
export function describeMailbox(m: Mailbox): string {
  const name = shown(mailboxName(m));
  const email = shown(m.email);
  const id = m.localId ? `local ID ${shown(m.localId)}` : 'no local ID';
  return name && name !== email ? `${name} (${email}, ${id})` : `${email} (${id})`;
}

export function mailboxName(m: Mailbox): string {
  return (m.displayName ?? '').trim() || [m.firstName, m.lastName].filter(Boolean).join(' ').trim() || m.email;
}

export function relatedMailbox(m: Mailbox): RelatedMailbox {
  const related: RelatedMailbox = { email: m.email, localId: m.localId, status: m.statusText || m.status, orgId: m.orgId };
  const name = mailboxName(m);
  if (name && name !== m.email) related.displayName = name;
  return related;
}

/** Who a row is about, from whatever columns it has: "Siân O'Connor", an email, or "this person". */
export function rowPerson(input: RuleInput, r: RowAnalysis): string {
  const v = r.row.values;
  const { columns } = input.ctx;
  const full = [cell(v, columns, 'firstName').trim(), cell(v, columns, 'lastName').trim()].filter(Boolean).join(' ');
  return shown(full || cell(v, columns, 'displayName').trim() || cell(v, columns, 'email').trim() || 'this person');
}

/** "lines 2, 5 and 9" (first ten, then "and 14 more"). */
export function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, 10).map(String);
  const more = lines.length - shown.length;
  if (more > 0) return `lines ${shown.join(', ')} and ${numberFormat.format(more)} more`;
  if (shown.length === 1) return `line ${shown[0]}`;
  return `lines ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** "A, B and C" with a cap. */
export function nameList(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${numberFormat.format(more)} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

/** The local ID column's heading in the file, or its usual name when the file has none. */
export function localIdColumn(input: RuleInput): string {
  return input.columnName('localId') ?? 'ExternalSyncID';
}
