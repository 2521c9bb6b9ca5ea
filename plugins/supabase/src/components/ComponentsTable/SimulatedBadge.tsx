import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Marks pods that the local cluster simulates: they report ready but run
 * nothing, which a user must not mistake for a working service.
 */
export function SimulatedBadge(props: { label?: string }) {
  return (
    <Tooltip title="The local cluster simulates these pods: nothing runs behind them">
      <Chip
        size="small"
        variant="outlined"
        label={props.label ?? 'simulated'}
      />
    </Tooltip>
  );
}
