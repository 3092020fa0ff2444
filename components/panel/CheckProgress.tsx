import { PHASE_LABELS } from './wording';
import type { CheckProgressPhase } from '../../lib/messaging/checks-protocol';

export function CheckProgress({ fileName, phase, fraction }: { fileName: string; phase: CheckProgressPhase; fraction: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div class="progress" data-testid="progress" data-phase={phase}>
      <p>
        Checking {fileName}: {PHASE_LABELS[phase]}…
      </p>
      <progress max={100} value={percent} aria-label={`Checking ${fileName}`}>
        {percent}%
      </progress>
    </div>
  );
}
