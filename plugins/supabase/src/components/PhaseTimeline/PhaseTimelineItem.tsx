import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import {
  TimelineActivity,
  TimelineEntry,
  TimelineState,
} from '../../lib/timeline';
import { formatDuration } from '../../lib/time';
import { RelativeTime } from '../RelativeTime';
import { TimelineStateDot } from './TimelineStateDot';
import { FailureLink } from '../FailurePanel';

export const STATE_LABELS: Record<TimelineState, string> = {
  done: 'Done',
  active: 'In progress',
  failed: 'Failed',
  interrupted: 'Stopped by deletion',
  pending: 'Not reached',
};

const useStyles = makeStyles(theme => ({
  // Without a left-hand column the lab Timeline still reserves half the width.
  item: { '&:before': { display: 'none' } },
  failure: { color: theme.palette.error.main, whiteSpace: 'pre-wrap' },
  activity: { marginTop: theme.spacing(1) },
  change: { marginTop: theme.spacing(0.5) },
  warning: { color: theme.palette.warning.dark },
}));

function durationText(entry: TimelineEntry, now: number): string | undefined {
  if (!entry.startedAt) {
    return undefined;
  }
  const start = Date.parse(entry.startedAt);
  if (entry.state === 'active') {
    return `for ${formatDuration(now - start)} so far`;
  }
  return entry.endedAt
    ? `took ${formatDuration(Date.parse(entry.endedAt) - start)}`
    : undefined;
}

/** One change: "Rollout failed · <time>" and its message; warnings in colour. */
function ActivityLine(props: { activity: TimelineActivity }) {
  const { activity } = props;
  const classes = useStyles();
  const warning = activity.severity === 'warning';
  return (
    <Typography
      variant="body2"
      component="div"
      className={`${classes.change} ${warning ? classes.warning : ''}`}
      color={warning ? undefined : 'textSecondary'}
      data-severity={activity.severity}
    >
      <strong>{activity.label}</strong> ·{' '}
      <RelativeTime iso={activity.createdAt} />
      {activity.message && (
        <span style={{ display: 'block', whiteSpace: 'pre-wrap' }}>
          {activity.message}
        </span>
      )}
    </Typography>
  );
}

export interface PhaseTimelineItemProps {
  entry: TimelineEntry;
  last: boolean;
  /** The time durations of phases in progress run up to. */
  now: number;
}

/** One phase: state, start, duration and its newest message, or a link to its failure. */
export function PhaseTimelineItem(props: PhaseTimelineItemProps) {
  const { entry, last, now } = props;
  const classes = useStyles();
  const label = STATE_LABELS[entry.state];
  const duration = durationText(entry, now);
  return (
    <TimelineItem
      classes={{ missingOppositeContent: classes.item }}
      aria-label={`${entry.phase}: ${label}`}
    >
      <TimelineSeparator>
        <TimelineStateDot state={entry.state} />
        {!last && <TimelineConnector />}
      </TimelineSeparator>
      <TimelineContent>
        <Typography variant="subtitle2" component="span" display="block">
          {entry.phase} · {label}
        </Typography>
        {entry.startedAt && (
          <Typography variant="body2" color="textSecondary">
            Started <RelativeTime iso={entry.startedAt} />
            {duration && `, ${duration}`}
          </Typography>
        )}
        {entry.state === 'failed' ? (
          // The failure's details are in one place, the failure panel.
          <Typography variant="body2" className={classes.failure}>
            {entry.reason ?? 'Failed'} · <FailureLink />
          </Typography>
        ) : (
          entry.message && (
            <Typography variant="body2" color="textSecondary">
              {entry.message}
            </Typography>
          )
        )}
        {entry.activity && entry.activity.length > 0 && (
          <div className={classes.activity}>
            {entry.activity.map(activity => (
              <ActivityLine key={activity.id} activity={activity} />
            ))}
          </div>
        )}
      </TimelineContent>
    </TimelineItem>
  );
}
