import { formatCount } from './format';

export interface ProgressBarProps {
  /** What is progressing, e.g. "Import progress". */
  label: string;
  value: number;
  /** Unknown totals show an indeterminate bar. */
  max?: number;
  /** Shown beside the bar and read by screen readers, e.g. "12,000 of about 100,000 rows". */
  valueText: string;
}

/** A progress bar that says in words how far it has got, so colour is never the only signal. */
export function ProgressBar({ label, value, max, valueText }: ProgressBarProps) {
  const known = max !== undefined && max > 0;
  const percent = known ? Math.min(100, Math.round((value / max) * 100)) : undefined;
  return (
    <div class="csvg-progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? max : undefined}
        aria-valuenow={known ? Math.min(value, max) : undefined}
        aria-valuetext={valueText}
        style={{ border: '1px solid #425563', height: '1rem', background: '#fff', borderRadius: '0.25rem', overflow: 'hidden' }}
      >
        <div style={{ width: `${percent ?? 100}%`, height: '100%', background: '#005eb8', opacity: known ? 1 : 0.4 }} />
      </div>
      <p aria-hidden="true" style={{ margin: '0.25rem 0' }}>
        {valueText}
        {percent !== undefined ? ` (${formatCount(percent)}%)` : ''}
      </p>
    </div>
  );
}
