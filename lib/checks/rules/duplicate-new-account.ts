import { cell } from '../../portal/columns';
import { lineList, plural, rowPerson, shown } from '../describe';
import type { Rule } from '../rule';
import type { RowAnalysis } from '../row-analysis';

/**
 * The same new person twice in one file: rows that would each create an account and share an email,
 * or a name and mobile. Rows sharing one local ID are the duplicate-local-id rule's.
 */
export const duplicateNewAccountRule: Readonly<Rule> = {
  id: 'duplicate-new-account',
  run(input, emit) {
    const byEmail = new Map<string, RowAnalysis[]>();
    const byNameAndMobile = new Map<string, RowAnalysis[]>();
    for (const r of input.groups.creates) {
      if (r.emailKey) add(byEmail, r.emailKey, r);
      if (r.mobileKey) for (const n of r.nameKeys) add(byNameAndMobile, `${n}#${r.mobileKey}`, r);
    }
    const flagged = new Set<RowAnalysis>();
    const report = (groups: Map<string, RowAnalysis[]>, how: (r: RowAnalysis) => string) => {
      for (const group of groups.values()) {
        if (group.length < 2 || oneLocalId(group)) continue;
        const lines = group.map((r) => r.row.line);
        for (const r of group) {
          if (flagged.has(r)) continue;
          flagged.add(r);
          emit({
            rule: 'duplicate-new-account',
            severity: 'block',
            line: r.row.line,
            ...(r.localId ? { localId: r.localId } : {}),
            message: `${lineList(lines).replace(/^l/, 'L')} would each create a new account for ${rowPerson(input, r)} (${how(r)}). Uploading would give the same person ${plural(group.length, 'new account')}.`,
            fix: `Keep one of ${lineList(lines)} and delete the other${group.length > 2 ? 's' : ''}. If they really are different people, give each their own email address.`,
          });
        }
      }
    };
    report(byEmail, (r) => `the same email address, ${shown(cell(r.row.values, input.ctx.columns, 'email').trim())}`);
    report(byNameAndMobile, () => 'the same name and mobile number');
  },
};

function add(map: Map<string, RowAnalysis[]>, key: string, r: RowAnalysis): void {
  const list = map.get(key);
  if (!list) map.set(key, [r]);
  else if (list[list.length - 1] !== r) list.push(r);
}

/** Every row of the group has the same local ID: duplicate-local-id already says so. */
function oneLocalId(group: readonly RowAnalysis[]): boolean {
  const first = group[0]!.localIdKey;
  return first !== '' && group.every((r) => r.localIdKey === first);
}
