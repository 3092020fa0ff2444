import type { ComponentChildren } from 'preact';

export interface ScrollTableProps {
  /** Id of the heading that names the table (and the scrollable region around it). */
  labelledBy: string;
  children: ComponentChildren;
}

/**
 * A table that may be taller or wider than its box: a named, focusable region, so keyboard users can
 * scroll it and screen readers announce what it holds. Cells with IDs use class "id" so they never
 * break inside (see popup.css).
 */
export function ScrollTable({ labelledBy, children }: ScrollTableProps) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table aria-labelledby={labelledBy}>{children}</table>
    </div>
  );
}
