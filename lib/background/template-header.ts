/** A header read from the portal's sample file is only trusted when it looks like one. */
export function isUsableTemplateHeader(header: unknown): header is string[] {
  return (
    Array.isArray(header) &&
    header.length >= 2 &&
    header.length <= 500 &&
    header.every((cell) => typeof cell === 'string' && cell.length <= 200) &&
    header.some((cell) => (cell as string).trim() !== '')
  );
}
