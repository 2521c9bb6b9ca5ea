import { makeStyles } from '@material-ui/core/styles';
import { Fragment, ReactNode, useLayoutEffect, useRef, useState } from 'react';

/** Height of one line; every line has it, so only the lines in view render. */
export const LOG_LINE_HEIGHT = 20;
const VIEW_HEIGHT = 420;
/** Lines rendered above and below the view, so fast scrolling shows no gap. */
const OVERSCAN = 20;

const useStyles = makeStyles(theme => ({
  view: {
    height: VIEW_HEIGHT,
    overflow: 'auto',
    background: theme.palette.background.default,
    fontFamily: 'monospace',
    fontSize: 13,
    // The browser keeps the view still while lines are replaced under it.
    overflowAnchor: 'none',
    contain: 'strict',
  },
  line: {
    position: 'absolute',
    left: 0,
    height: LOG_LINE_HEIGHT,
    lineHeight: `${LOG_LINE_HEIGHT}px`,
    whiteSpace: 'pre',
    display: 'flex',
  },
  number: {
    flex: 'none',
    paddingRight: theme.spacing(1.5),
    textAlign: 'right',
    color: theme.palette.text.secondary,
    userSelect: 'none',
  },
  text: { paddingRight: theme.spacing(2) },
  match: { background: theme.palette.warning.light, color: 'inherit' },
}));

export interface LogLinesProps {
  /** The lines to show, in order. */
  lines: readonly string[];
  /** The log's own number of `lines[index]`. */
  numberOf(index: number): number;
  /** Kept in view at the bottom while the reader has not scrolled up. */
  follow?: boolean;
  /** Marked wherever it occurs in a line (case-insensitive). */
  highlight?: string;
  label: string;
}

function highlighted(text: string, query: string, className: string) {
  if (!query) {
    return text;
  }
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  let start = 0;
  for (
    let at = lower.indexOf(needle);
    at !== -1;
    at = lower.indexOf(needle, start)
  ) {
    parts.push(text.slice(start, at));
    parts.push(
      <mark key={at} className={className}>
        {text.slice(at, at + needle.length)}
      </mark>,
    );
    start = at + needle.length;
  }
  parts.push(text.slice(start));
  return parts.map((part, i) =>
    typeof part === 'string' ? <Fragment key={`t${i}`}>{part}</Fragment> : part,
  );
}

/**
 * A log's lines, each with its number in the log. Only the lines in view
 * (and a few around them) are in the page, so a render costs the same for
 * ten lines as for ten thousand. Following, the view stays at the bottom;
 * scrolled up, it stays on the same lines while new ones push old ones out.
 */
export function LogLines(props: LogLinesProps) {
  const { lines, numberOf, follow, highlight = '', label } = props;
  const classes = useStyles();
  const view = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const atBottom = useRef(true);
  const firstNumber = lines.length ? numberOf(0) : 0;
  const previousFirstNumber = useRef(firstNumber);

  const contentHeight = lines.length * LOG_LINE_HEIGHT;
  const bottom = Math.max(0, contentHeight - VIEW_HEIGHT);
  const pinned = follow && atBottom.current;
  const top = pinned ? bottom : Math.min(scrollTop, bottom);

  useLayoutEffect(() => {
    const element = view.current;
    const shifted = firstNumber - previousFirstNumber.current;
    previousFirstNumber.current = firstNumber;
    if (!element) {
      return;
    }
    if (pinned) {
      element.scrollTop = bottom;
    } else if (shifted > 0 && follow) {
      // Lines left at the top: move up with the ones being read.
      element.scrollTop = Math.max(
        0,
        element.scrollTop - shifted * LOG_LINE_HEIGHT,
      );
    }
  });

  const onScroll = () => {
    const element = view.current!;
    atBottom.current =
      element.scrollTop + element.clientHeight >=
      element.scrollHeight - LOG_LINE_HEIGHT;
    setScrollTop(element.scrollTop);
  };

  const first = Math.max(0, Math.floor(top / LOG_LINE_HEIGHT) - OVERSCAN);
  const last = Math.min(
    lines.length,
    Math.ceil((top + VIEW_HEIGHT) / LOG_LINE_HEIGHT) + OVERSCAN,
  );
  const numberWidth = `${String(numberOf(Math.max(0, last - 1))).length + 1}ch`;
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    rows.push(
      <div
        key={index}
        className={classes.line}
        style={{ top: index * LOG_LINE_HEIGHT }}
      >
        <span className={classes.number} style={{ width: numberWidth }}>
          {numberOf(index)}
        </span>
        <span className={classes.text}>
          {highlighted(lines[index], highlight, classes.match)}
        </span>
      </div>,
    );
  }

  return (
    <div
      ref={view}
      className={classes.view}
      onScroll={onScroll}
      // A scrolling view must take the focus to be scrolled by keyboard.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="group"
      aria-label={label}
    >
      <div style={{ position: 'relative', height: contentHeight }}>{rows}</div>
    </div>
  );
}
