import { SEVERITY_ORDER, type Finding, type RuleId, type Severity } from '../checks/types';
import type { FindingGroupPreview } from '../messaging/checks-protocol';

/**
 * Findings shown per rule before the admin asks for the rest. Rendering and unpacking every finding on
 * the portal page made tasks of over 50 ms at 10,000 rows; a few per rule say what is wrong and where.
 */
export const FINDINGS_PREVIEWED_PER_RULE = 15;

export interface FindingGroup {
  rule: RuleId;
  severity: Severity;
  findings: Finding[];
}

/** Findings by rule, each group in line order, groups that block Upload first (then by first appearance). */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<RuleId, FindingGroup>();
  for (const finding of findings) {
    let group = groups.get(finding.rule);
    if (!group) groups.set(finding.rule, (group = { rule: finding.rule, severity: finding.severity, findings: [] }));
    if (SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[group.severity]) group.severity = finding.severity;
    group.findings.push(finding);
  }
  for (const group of groups.values()) group.findings.sort((a, b) => a.line - b.line);
  return [...groups.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** What the check's reply carries of each group. */
export function previewGroups(groups: readonly FindingGroup[], perRule = FINDINGS_PREVIEWED_PER_RULE): FindingGroupPreview[] {
  return groups.map((group) => ({
    rule: group.rule,
    severity: group.severity,
    total: group.findings.length,
    first: group.findings.slice(0, perRule),
  }));
}
