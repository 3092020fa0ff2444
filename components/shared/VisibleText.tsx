import { splitHiddenCharacters } from '../../lib/page/visible-characters';

/**
 * Text from the file, shown so that hidden characters (zero-width spaces, bidi controls) can be seen:
 * each one reads as ⟨U+200B⟩. Rendered as text nodes only, so cell values can never become markup.
 */
export function VisibleText({ text }: { text: string }) {
  const parts = splitHiddenCharacters(text);
  if (parts.length === 1 && 'text' in parts[0]!) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        'text' in part ? (
          part.text
        ) : (
          <span key={i} class="hidden-char" title={`Hidden character ${part.codePoint}`}>
            ⟨{part.codePoint}⟩
          </span>
        ),
      )}
    </>
  );
}
