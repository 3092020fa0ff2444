import { useEffect, useState } from 'preact/hooks';

/**
 * How many items to render so far, given each item's cost (`sizes`): none at first, so what comes with
 * them (the check's summary) is drawn on its own, then as many as fit in `budget` (at least one) in each
 * following task, so a long panel is drawn in several short tasks instead of one long one that would
 * stall the portal.
 */
export function useRevealedCount(sizes: readonly number[], budget: number): number {
  const total = sizes.length;
  const [revealed, setRevealed] = useState(0);
  useEffect(() => {
    if (revealed >= total) return;
    const timer = setTimeout(() => setRevealed((n) => nextStop(sizes, n, budget)), 0);
    return () => clearTimeout(timer);
  }, [revealed, total, sizes, budget]);
  return Math.min(revealed, total);
}

/** The count after one more step from `from`: items while their sizes add up to at most `budget`, and always at least one. */
export function nextStop(sizes: readonly number[], from: number, budget: number): number {
  let to = Math.min(from + 1, sizes.length);
  let spent = sizes[from] ?? 0;
  while (to < sizes.length && spent + sizes[to]! <= budget) spent += sizes[to++]!;
  return to;
}
