import { Fragment } from 'react';

export interface BreakableTextProps {
  text: string;
  /** The characters a line may break after, besides spaces. */
  breakAfter: string;
}

/**
 * Text that may wrap only between words and after the given characters (the
 * `/` and `:` of an image reference, the dots of a field path), never inside
 * a word: a narrow column breaks `supabase/gotrue:v2.177.0` after `/`, not
 * after `gotru`.
 */
export function BreakableText({ text, breakAfter }: BreakableTextProps) {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (breakAfter.includes(text[i])) {
      parts.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return (
    <span style={{ overflowWrap: 'normal', wordBreak: 'normal' }}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
