import { analyseRow } from '../checks/row-analysis';
import type { Mailbox } from '../portal/mailbox';
import { headerKey, localIdKey } from '../portal/normalize';
import { ROLE_ALIASES } from '../portal/columns';
import type { MailboxIndex } from '../checks/mailbox-index';
import type { RowFix } from './types';

/**
 * A row that would create an account (no local ID, or one no report knows) for someone who already
 * has a mailbox: fill in that mailbox's local ID, but only when exactly one local ID fits. The match
 * is by email address, or else by the portal's own ID where the report has that column. A name and
 * mobile match is a guess, so it is left to the admin (the row goes to "needs attention").
 */
export const localIdFix: Readonly<RowFix> = {
  kind: 'local-id',
  apply(row, input, set) {
    const index = input.columns.localId;
    if (index === undefined || !input.reportsAvailable) return;
    const analysis = analyseRow({ line: row.line, values: row.values }, input.columns, input.mailboxes, input.reportsAvailable);
    if (analysis.outcome !== 'create') return;

    let how = 'email address';
    let candidates = analysis.emailKey ? (input.mailboxes.byEmail.get(analysis.emailKey) ?? []) : [];
    if (candidates.length === 0 && analysis.portalId) {
      candidates = byPortalId(input.mailboxes).get(analysis.portalId) ?? [];
      how = 'portal ID';
    }
    if (candidates.length === 0) return;
    const ids = [...new Set(candidates.map((m) => localIdKey(m.localId)))];
    if (ids.length > 1) {
      row.notes.push(
        `${candidates.length} existing accounts have this ${how} (local IDs ${ids.map((id) => id || 'blank').join(', ')}), so CSV Guard cannot tell which one this row is for.`,
      );
      return;
    }
    const [localId] = ids;
    if (!localId) return; // the account has no local ID: nothing to fill in (the probable-duplicate finding says what to do)
    const mailbox = candidates[0]!;
    set(
      index,
      localId,
      `${row.values[index]?.trim() ? 'this local ID is in no cached Mailbox Report; ' : ''}the existing account ${mailbox.email} with the same ${how} has this local ID`,
    );
  },
};

const PORTAL_ID_KEYS: ReadonlySet<string> = new Set(ROLE_ALIASES.portalId);

/** Cached mailboxes by the portal's own ID, for reports that carry that column (kept in `extra`); built once per index. */
function byPortalId(index: MailboxIndex): Map<string, Mailbox[]> {
  let map = index.derived.byPortalId;
  if (map) return map;
  map = new Map();
  const seen = new Set<Mailbox>();
  for (const list of [...index.byLocalId.values(), ...index.byEmail.values()]) {
    for (const m of list) {
      if (seen.has(m)) continue;
      seen.add(m);
      for (const name in m.extra) {
        if (!PORTAL_ID_KEYS.has(headerKey(name))) continue;
        const id = (m.extra[name] ?? '').trim();
        if (!id) continue;
        const same = map.get(id);
        if (same) same.push(m);
        else map.set(id, [m]);
      }
    }
  }
  index.derived.byPortalId = map;
  return map;
}
