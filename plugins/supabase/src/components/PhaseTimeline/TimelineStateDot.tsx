import { makeStyles } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import MoreHorizIcon from '@material-ui/icons/MoreHoriz';
import TimelineDot from '@material-ui/lab/TimelineDot';
import { TimelineState } from '../../lib/timeline';

const useStyles = makeStyles(theme => ({
  done: { backgroundColor: theme.palette.success.main, color: '#fff' },
  active: { backgroundColor: theme.palette.info.main, color: '#fff' },
  failed: { backgroundColor: theme.palette.error.main, color: '#fff' },
  interrupted: { backgroundColor: theme.palette.warning.main, color: '#fff' },
  pending: {},
  icon: { fontSize: 16 },
}));

/** The dot of a timeline entry: its state as a colour and an icon. */
export function TimelineStateDot(props: { state: TimelineState }) {
  const classes = useStyles();
  const { state } = props;
  const icon = {
    done: <CheckIcon className={classes.icon} />,
    active: <MoreHorizIcon className={classes.icon} />,
    failed: <CloseIcon className={classes.icon} />,
    interrupted: <BlockIcon className={classes.icon} />,
    pending: undefined,
  }[state];
  return (
    <TimelineDot
      className={classes[state]}
      variant={state === 'pending' ? 'outlined' : 'default'}
    >
      {icon}
    </TimelineDot>
  );
}
