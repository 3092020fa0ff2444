import { useEffect, useRef, useState } from 'preact/hooks';
import type { Finding, RuleId } from '../../lib/checks/types';
import type { FindingGroupPreview } from '../../lib/messaging/checks-protocol';
import { FindingPage } from './FindingPage';
import { ACKNOWLEDGED_LABEL, formatNumber, RULE_TITLES, SEVERITY_LABELS } from './wording';
import { errorMessage } from '../../lib/error-message';

/** Findings fetched and drawn per step of "Show all": each page renders well within one short task. */
export const FINDINGS_PAGE_SIZE = 100;

/** Which blocking findings the admin has acknowledged: they read "Acknowledged", not "Blocks upload". */
export interface AcknowledgedFindings {
  finding: (finding: Finding) => boolean;
  rule: (rule: RuleId) => boolean;
}

export type LoadFindings = (rule: RuleId, offset: number, limit: number) => Promise<{ findings: Finding[]; total: number }>;

/** About how tall a group of `findings` findings is drawn, in CSS pixels: its heading, then each finding (measured in the demo). */
function estimatedHeight(findings: number): number {
  return 60 + 110 * findings;
}

/** One rule's findings: the first few from the check's reply, the rest fetched page by page on "Show all". */
export function FindingGroup({
  group,
  loadFindings,
  acknowledged,
}: {
  group: FindingGroupPreview;
  loadFindings: LoadFindings;
  acknowledged?: AcknowledgedFindings;
}) {
  const [pages, setPages] = useState<Finding[][] | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const shownPages = pages ?? [group.first];
  const shownCount = shownPages.reduce((n, page) => n + page.length, 0);
  const headingId = `rule-${group.rule}`;
  const total = formatNumber(group.total);
  const groupAcknowledged = group.severity === 'block' && acknowledged?.rule(group.rule) === true;

  async function showAll() {
    setLoading(true);
    setError(undefined);
    const loaded: Finding[][] = [];
    let offset = 0;
    try {
      for (;;) {
        const page = await loadFindings(group.rule, offset, FINDINGS_PAGE_SIZE);
        if (!alive.current) return;
        if (page.findings.length === 0) break;
        loaded.push(page.findings);
        offset += page.findings.length;
        // Each page is drawn in its own task (the next request waits on the background), never all at once.
        setPages([...loaded]);
        if (offset >= page.total) break;
      }
    } catch (failure) {
      if (alive.current) setError(errorMessage(failure));
    }
    if (alive.current) setLoading(false);
  }

  return (
    <section
      class={`finding-group severity-${group.severity}`}
      // Its height until first drawn (see .finding-group): near the real one, so the page's length and its
      // scrollbar hardly move as groups come near the screen and are drawn.
      style={{ containIntrinsicSize: `auto ${estimatedHeight(shownCount)}px` }}
      aria-labelledby={headingId}
      data-rule-group={group.rule}
      data-acknowledged={String(groupAcknowledged)}
    >
      <h3 id={headingId}>
        {RULE_TITLES[group.rule] ?? group.rule} ({total})
        <span class="severity-label"> – {groupAcknowledged ? ACKNOWLEDGED_LABEL : SEVERITY_LABELS[group.severity]}</span>
      </h3>
      <ul class="findings">
        {shownPages.map((page, i) => (
          <FindingPage
            key={i}
            findings={page}
            firstIndex={i === 0 ? 0 : shownPages.slice(0, i).reduce((n, p) => n + p.length, 0)}
            acknowledged={acknowledged?.finding}
          />
        ))}
      </ul>
      {loading && (
        <p class="hint" role="status" data-testid="findings-loading">
          Showing {formatNumber(shownCount)} of {total}…
        </p>
      )}
      {error && (
        <p class="attention" role="alert">
          The rest of these findings could not be shown: {error}
        </p>
      )}
      {!loading && shownCount < group.total && (
        <button type="button" class="link-button" data-show-all={group.rule} onClick={() => void showAll()}>
          Show all {total}
        </button>
      )}
    </section>
  );
}
