import type { CheckResult } from '../checks/context';
import type { Finding, RuleId, Severity } from '../checks/types';

const LABEL: Readonly<Record<Severity, string>> = { block: 'BLOCK', warn: 'WARN ', info: 'INFO ' };

/** A plain-text report an admin can read at a glance: summary first, then every finding by line. */
export function summaryText(fileName: string, result: CheckResult, notes: readonly string[] = []): string {
  const { summary, findings } = result;
  const n = (x: number) => x.toLocaleString('en-GB');
  const out: string[] = [];
  const blocking = findings.some((f) => f.severity === 'block');
  out.push(`${fileName}: ${blocking ? 'DO NOT UPLOAD YET: blocking problems found' : 'no blocking problems found'}`);
  out.push('');
  out.push(`  Rows:                    ${n(summary.rows)}`);
  out.push(`  Predicted updates:       ${n(summary.predictedUpdates)}`);
  out.push(`  Predicted new accounts:  ${n(summary.predictedNewAccounts)}`);
  out.push(`  Blocked rows:            ${n(summary.blockedRows)}`);
  const byRule = Object.entries(summary.byRule) as [RuleId, number][];
  if (byRule.length > 0) {
    out.push('  Findings by check:');
    for (const [rule, count] of byRule.sort((a, b) => b[1] - a[1])) out.push(`    ${rule.padEnd(22)} ${n(count)}`);
  }
  if (notes.length > 0) {
    out.push('');
    for (const note of notes) out.push(`Note: ${note}`);
  }
  if (findings.length > 0) {
    out.push('');
    for (const f of findings) out.push(...findingLines(f));
  }
  return `${out.join('\n')}\n`;
}

function findingLines(f: Finding): string[] {
  const where = f.line === 0 ? 'File    ' : `Line ${String(f.line).padEnd(4)}`;
  const lines = [`${where} ${LABEL[f.severity]} ${f.rule}: ${f.message}`];
  if (f.fix) lines.push(`${' '.repeat(15)}What to do: ${f.fix}`);
  return lines;
}
