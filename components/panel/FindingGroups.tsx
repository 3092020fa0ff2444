import type { FindingGroupPreview } from '../../lib/messaging/checks-protocol';
import { FindingGroup, type AcknowledgedFindings, type LoadFindings } from './FindingGroup';
import { useRevealedCount } from './use-revealed-count';

/** Groups drawn per task: the summary and the first groups appear at once, the rest follow in short tasks. */
export const GROUPS_PER_RENDER = 4;

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
  const revealed = useRevealedCount(groups.length, GROUPS_PER_RENDER);
  if (groups.length === 0) return <p class="all-clear">No problems found.</p>;
  return (
    <div class="finding-groups">
      {groups.slice(0, revealed).map((group) => (
        <FindingGroup key={group.rule} group={group} loadFindings={loadFindings} acknowledged={acknowledged} />
      ))}
    </div>
  );
}
