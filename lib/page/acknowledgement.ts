import { ONE_BY_ONE_KINDS, riskKindOf, type Risk, type RiskKind } from '../checks/risks';
import type { Finding, RuleId } from '../checks/types';

/**
 * What the admin has acknowledged of the current file's risks: whole kinds ("2 rows will create new
 * accounts"), and single rows of the kinds that can only be acknowledged one by one (a row that would
 * overwrite another person's account). A new check starts with nothing acknowledged.
 */
export interface Acknowledgement {
  kinds: readonly RiskKind[];
  lines: readonly number[];
}

export const NOTHING_ACKNOWLEDGED: Readonly<Acknowledgement> = { kinds: [], lines: [] };

export function isOneByOne(kind: RiskKind): boolean {
  return ONE_BY_ONE_KINDS.has(kind);
}

/**
 * Tick or clear one kind. A one-by-one kind cannot be ticked as a whole: the acknowledgement is
 * returned unchanged, so no caller (panel or otherwise) can wave those rows through in bulk.
 */
export function acknowledgeKind(ack: Acknowledgement, kind: RiskKind, checked: boolean): Acknowledgement {
  if (isOneByOne(kind)) return ack;
  const kinds = ack.kinds.filter((k) => k !== kind);
  return { ...ack, kinds: checked ? [...kinds, kind] : kinds };
}

/** Tick or clear one row of a one-by-one kind, by its line in the file. */
export function acknowledgeRow(ack: Acknowledgement, line: number, checked: boolean): Acknowledgement {
  const lines = ack.lines.filter((l) => l !== line);
  return { ...ack, lines: checked ? [...lines, line] : lines };
}

/**
 * Can this risk be acknowledged one row at a time on the page? Only when the page knows every row of it
 * (there may be too many to list): otherwise the rows must be left out of the upload.
 */
export function rowsListed(risk: Risk): boolean {
  return isOneByOne(risk.kind) && risk.fileProblems === 0 && (risk.items?.length ?? 0) === risk.rows;
}

export function riskAcknowledged(risk: Risk, ack: Acknowledgement): boolean {
  if (!isOneByOne(risk.kind)) return ack.kinds.includes(risk.kind);
  return rowsListed(risk) && risk.items!.every((item) => ack.lines.includes(item.line));
}

/** The risks of a check not yet acknowledged; Upload is held while any remain. */
export function outstandingRisks(risks: readonly Risk[], ack: Acknowledgement): Risk[] {
  return risks.filter((risk) => !riskAcknowledged(risk, ack));
}

/** Every kind that may be acknowledged as a whole, ticked; rows of one-by-one kinds stay as they were. */
export function acknowledgeEveryKind(risks: readonly Risk[], ack: Acknowledgement): Acknowledgement {
  return risks.reduce((sum, risk) => acknowledgeKind(sum, risk.kind, true), ack);
}

const ROWS: Readonly<Record<RiskKind, readonly [one: string, many: (n: string) => string]>> = {
  overwrite: ["1 row will overwrite another person's account", (n) => `${n} rows will overwrite other people's accounts`],
  'shared-local-id': [
    "1 row has a local ID shared by several accounts, so it may overwrite another person's account",
    (n) => `${n} rows have local IDs shared by several accounts, so they may overwrite other people's accounts`,
  ],
  'new-accounts': ['1 row will create a new account', (n) => `${n} rows will create new accounts`],
  'stale-report': [
    '1 row may be for someone who has an account the old Mailbox Report does not show',
    (n) => `${n} rows may be for people who have accounts the old Mailbox Report does not show`,
  ],
  'repeat-local-id': ['1 row repeats a local ID', (n) => `${n} rows repeat a local ID`],
  resubmission: ['1 row was already submitted and may be applied twice', (n) => `${n} rows were already submitted and may be applied twice`],
  'rejected-values': ['1 row has values the portal will reject', (n) => `${n} rows have values the portal will reject`],
  file: ['1 row has a problem with the file as a whole', (n) => `${n} rows have problems with the file as a whole`],
  other: ['1 row has another problem that blocks upload', (n) => `${n} rows have other problems that block upload`],
};

const FILE: Readonly<Partial<Record<RiskKind, string>>> = {
  resubmission: 'this file was already submitted, and part of it may be applied twice',
  file: "the file's headings or layout will not upload as intended",
  'stale-report': 'the Mailbox Report is too old to tell whether the new accounts would be second accounts for people created since',
};

const numberFormat = new Intl.NumberFormat('en-GB');

/** The plain consequence of one kind of risk, with its count: "2 rows will create new accounts". */
export function consequence(risk: Risk): string {
  let rows = risk.rows === 0 ? '' : risk.rows === 1 ? ROWS[risk.kind][0] : ROWS[risk.kind][1](numberFormat.format(risk.rows));
  const second = risk.secondAccounts ?? 0;
  if (second > 0) {
    if (risk.rows === 1) rows += ' for someone who already has one';
    else
      rows += second >= risk.rows ? ' for people who already have one' : `, ${numberFormat.format(second)} of them for people who already have one`;
  }
  if (risk.fileProblems === 0) return rows;
  const file =
    FILE[risk.kind] ??
    `the file has ${risk.fileProblems === 1 ? 'a problem' : `${numberFormat.format(risk.fileProblems)} problems`} that block upload`;
  return rows ? `${rows}, and ${file}` : file.charAt(0).toUpperCase() + file.slice(1);
}

/** A blocking finding reads "Acknowledged" once its kind, or (one by one) its row, is acknowledged. */
export function findingAcknowledged(finding: Pick<Finding, 'rule' | 'line' | 'severity'>, ack: Acknowledgement): boolean {
  if (finding.severity !== 'block') return false;
  const kind = riskKindOf(finding.rule);
  return isOneByOne(kind) ? ack.lines.includes(finding.line) : ack.kinds.includes(kind);
}

/** A blocking rule's group reads "Acknowledged" once every row of its kind is. */
export function ruleAcknowledged(rule: RuleId, risks: readonly Risk[], ack: Acknowledgement): boolean {
  const risk = risks.find((r) => r.kind === riskKindOf(rule));
  return risk !== undefined && riskAcknowledged(risk, ack);
}
