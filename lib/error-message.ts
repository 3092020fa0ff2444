/** The text to show for something thrown: its message when it is an Error, else the value as text; never empty. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() || 'an unexpected error';
}
