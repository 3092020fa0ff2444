/** The name a person sees on a control: an input's value, otherwise its aria-label or its text. */
export function controlText(element: Element): string {
  if (element instanceof HTMLInputElement) {
    return normaliseSpace(element.value || element.getAttribute('aria-label') || element.title || '');
  }
  const label = element.getAttribute('aria-label');
  return normaliseSpace(label || element.textContent || '');
}

/** Collapse runs of white space and trim, so "  Create\n Users " reads as "Create Users". */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
