import type { Finding, RuleId } from './types';

/**
 * The kinds of risk an admin acknowledges before Upload, one acknowledgement each. Several rules can
 * share a kind (they have the same consequence for the directory); a rule not listed here is `other`.
 */
export type RiskKind =
  'overwrite' | 'shared-local-id' | 'new-accounts' | 'stale-report' | 'repeat-local-id' | 'resubmission' | 'rejected-values' | 'file' | 'other';

/** Most severe first: the order the panel lists them in. */
export const RISK_ORDER: readonly RiskKind[] = [
  'overwrite',
  'shared-local-id',
  'new-accounts',
  'stale-report',
  'repeat-local-id',
  'resubmission',
  'rejected-values',
  'file',
  'other',
];

const KIND_OF_RULE: Readonly<Partial<Record<RuleId, RiskKind>>> = {
  'identity-mismatch': 'overwrite',
  'ambiguous-local-id': 'shared-local-id',
  'probable-duplicate': 'new-accounts',
  'duplicate-new-account': 'new-accounts',
  'missing-local-id': 'new-accounts',
  'unknown-local-id': 'new-accounts',
  'deleted-account': 'new-accounts',
  'stale-report': 'stale-report',
  'duplicate-local-id': 'repeat-local-id',
  resubmission: 'resubmission',
  'invalid-field': 'rejected-values',
  header: 'file',
};

/** Rules whose new account would be a second one for the same person. */
const SECOND_ACCOUNT_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['probable-duplicate', 'duplicate-new-account']);

/**
 * Rows that would overwrite another person's account are never waved through in bulk: each is
 * acknowledged on its own, or the file is uploaded without them.
 */
export const ONE_BY_ONE_KINDS: ReadonlySet<RiskKind> = new Set<RiskKind>(['overwrite', 'shared-local-id']);

/** Rows of a one-by-one kind carried to the page; beyond this, only "Upload without these rows" is offered. */
export const MAX_ROWS_ONE_BY_ONE = 25;

/** One row of a one-by-one kind, as the admin acknowledges it: the line and the account it would change. */
export interface RiskRow {
  line: number;
  /** The account the row would overwrite, as the admin recognises it ("Jane Smith (jane.smith@nhs.net)"). */
  account?: string;
}

/** One kind of risk in a checked file, with how many rows (or, for the file itself, problems) it covers. */
export interface Risk {
  kind: RiskKind;
  /** Data rows with a blocking finding of this kind. */
  rows: number;
  /** Blocking findings about the file as a whole (the header, or line 0), not any one row. */
  fileProblems: number;
  /** new-accounts only: rows whose new account would be a second one for someone (probable or in-file duplicates). */
  secondAccounts?: number;
  /** One-by-one kinds: their rows in line order, at most MAX_ROWS_ONE_BY_ONE. */
  items?: RiskRow[];
}

export function riskKindOf(rule: RuleId): RiskKind {
  return KIND_OF_RULE[rule] ?? 'other';
}

/** The blocking findings of a check, by kind of risk, most severe first. Findings that do not block are not risks to acknowledge. */
export function risksOf(findings: Iterable<Finding>, headerLine = 1): Risk[] {
  const byKind = new Map<RiskKind, { lines: Set<number>; fileProblems: number; items: Map<number, RiskRow> }>();
  const secondAccounts = new Set<number>();
  for (const f of findings) {
    if (f.severity !== 'block') continue;
    const kind = riskKindOf(f.rule);
    let entry = byKind.get(kind);
    if (!entry) byKind.set(kind, (entry = { lines: new Set(), fileProblems: 0, items: new Map() }));
    if (f.line <= headerLine) {
      entry.fileProblems++;
      continue;
    }
    entry.lines.add(f.line);
    if (SECOND_ACCOUNT_RULES.has(f.rule)) secondAccounts.add(f.line);
    if (ONE_BY_ONE_KINDS.has(kind) && !entry.items.has(f.line)) entry.items.set(f.line, { line: f.line, ...accountOf(f) });
  }
  return RISK_ORDER.flatMap((kind) => {
    const entry = byKind.get(kind);
    if (!entry) return [];
    const risk: Risk = { kind, rows: entry.lines.size, fileProblems: entry.fileProblems };
    if (kind === 'new-accounts' && secondAccounts.size > 0) risk.secondAccounts = secondAccounts.size;
    if (ONE_BY_ONE_KINDS.has(kind)) risk.items = [...entry.items.values()].sort((a, b) => a.line - b.line).slice(0, MAX_ROWS_ONE_BY_ONE);
    return [risk];
  });
}

/** Lines with a blocking finding of a one-by-one kind: what "Upload without these rows" leaves out. */
export function oneByOneLines(findings: Iterable<Finding>, headerLine = 1): Set<number> {
  const lines = new Set<number>();
  for (const f of findings) if (f.severity === 'block' && f.line > headerLine && ONE_BY_ONE_KINDS.has(riskKindOf(f.rule))) lines.add(f.line);
  return lines;
}

function accountOf(f: Finding): { account?: string } {
  const target = f.related?.[0];
  if (!target) return {};
  return { account: target.displayName ? `${target.displayName} (${target.email})` : target.email };
}
