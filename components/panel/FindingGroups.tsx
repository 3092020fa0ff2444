import { useState } from 'preact/hooks';
import type { Finding, RuleId, Severity } from '../../lib/checks/types';
import { FindingItem } from './FindingItem';
import { RULE_TITLES, SEVERITY_LABELS, SEVERITY_ORDER } from './wording';

/** Long lists start short so a 10,000-row file does not flood the page. */
export const FIRST_FINDINGS_SHOWN = 50;

interface Group {
  rule: RuleId;
  severity: Severity;
  findings: Finding[];
}

export function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<RuleId, Group>();
  for (const finding of findings) {
    const group = groups.get(finding.rule) ?? { rule: finding.rule, severity: finding.severity, findings: [] };
    if (SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[group.severity]) group.severity = finding.severity;
    group.findings.push(finding);
    groups.set(finding.rule, group);
  }
  for (const group of groups.values()) group.findings.sort((a, b) => a.line - b.line);
  return [...groups.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function FindingGroup({ group }: { group: Group }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? group.findings : group.findings.slice(0, FIRST_FINDINGS_SHOWN);
  const headingId = `rule-${group.rule}`;
  return (
    <section class={`finding-group severity-${group.severity}`} aria-labelledby={headingId} data-rule-group={group.rule}>
      <h3 id={headingId}>
        {RULE_TITLES[group.rule] ?? group.rule} ({group.findings.length.toLocaleString('en-GB')})
        <span class="severity-label"> – {SEVERITY_LABELS[group.severity]}</span>
      </h3>
      <ul class="findings">
        {shown.map((finding, i) => (
          <FindingItem key={`${finding.line}-${i}`} finding={finding} />
        ))}
      </ul>
      {shown.length < group.findings.length && (
        <button type="button" class="link-button" onClick={() => setShowAll(true)}>
          Show all {group.findings.length.toLocaleString('en-GB')}
        </button>
      )}
    </section>
  );
}

/** Findings grouped by rule, the ones that block Upload first. */
export function FindingGroups({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p class="all-clear">No problems found.</p>;
  return (
    <div class="finding-groups">
      {groupFindings(findings).map((group) => (
        <FindingGroup key={group.rule} group={group} />
      ))}
    </div>
  );
}
