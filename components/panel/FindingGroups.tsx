import { useMemo } from 'preact/hooks';
import type { FindingGroupPreview } from '../../lib/messaging/checks-protocol';
import { FindingGroup, type AcknowledgedFindings, type LoadFindings } from './FindingGroup';
import { useRevealedCount } from './use-revealed-count';

/**
 * Findings drawn per task (whole groups, at least one): the summary appears with the check's reply on its
 * own (reply → summary shown 8–11 ms at 10,000 rows in the bench), the groups follow a group or so per
 * task. Four groups of 15 findings per task took 34–39 ms of script and then a 33–43 ms frame on the
 * 2-core bench machine, over 100 ms when it was busy; 15 findings take a third of that.
 */
export const FINDINGS_PER_RENDER = 15;

/** Findings grouped by rule, the ones that block Upload first (grouped and ordered by the background). */
export function FindingGroups({
  groups,
  loadFindings,
  acknowledged,
}: {
  groups: readonly FindingGroupPreview[];
  loadFindings: LoadFindings;
  acknowledged?: AcknowledgedFindings;
}) {
  const sizes = useMemo(() => groups.map((group) => group.first.length), [groups]);
  const revealed = useRevealedCount(sizes, FINDINGS_PER_RENDER);
  if (groups.length === 0) return <p class="all-clear">No problems found.</p>;
  return (
    <div class="finding-groups">
      {groups.slice(0, revealed).map((group) => (
        <FindingGroup key={group.rule} group={group} loadFindings={loadFindings} acknowledged={acknowledged} />
      ))}
    </div>
  );
}
