import Tooltip from '@material-ui/core/Tooltip';
import { useNow } from '../../hooks/useNow';
import { formatAge, formatTimestamp } from '../../lib/time';

export interface RelativeTimeProps {
  /** An ISO timestamp. */
  iso: string;
}

/**
 * A moment as an age ("5m ago", kept current), with the date and time in a
 * tooltip and in the `time` element for assistive technology.
 */
export function RelativeTime({ iso }: RelativeTimeProps) {
  const now = useNow(10_000, true);
  const absolute = formatTimestamp(iso);
  return (
    <Tooltip title={absolute}>
      <time dateTime={iso}>{formatAge(iso, now)} ago</time>
    </Tooltip>
  );
}
