import type { ComponentChildren } from 'preact';

/** One checkbox the admin ticks to accept one named risk; its label is the consequence in plain words. */
export function AcknowledgeBox({
  testId,
  checked,
  onChange,
  children,
}: {
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ComponentChildren;
}) {
  return (
    <label class="acknowledge">
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
      />{' '}
      {children}
    </label>
  );
}
