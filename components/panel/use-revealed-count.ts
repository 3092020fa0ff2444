import { useEffect, useState } from 'preact/hooks';

/**
 * How many of `total` items to render so far: `step` at first, then `step` more in each following task,
 * so a long panel is drawn in several short tasks instead of one long one that would stall the portal.
 */
export function useRevealedCount(total: number, step: number): number {
  const [revealed, setRevealed] = useState(Math.min(total, step));
  useEffect(() => {
    if (revealed >= total) return;
    const timer = setTimeout(() => setRevealed((n) => Math.min(total, n + step)), 0);
    return () => clearTimeout(timer);
  }, [revealed, total, step]);
  return Math.min(revealed, total);
}
