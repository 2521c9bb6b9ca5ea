import { Fragment } from 'react';

/**
 * Text that may wrap only between words and after `/`, `:` and `.` (an
 * image reference, a dotted field path), never inside a word: a narrow
 * table column breaks `supabase/gotrue:v2.177.0` after `gotrue:`, not
 * after `gotru`.
 */
export function BreakableText({ text }: { text: string }) {
  const parts = text.split(/(?<=[/:.])/);
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
