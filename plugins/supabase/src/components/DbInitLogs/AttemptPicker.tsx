import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { DbInitRun } from '@supabase-backstage/plugin-supabase-common';
import { AttemptChoice } from '../../hooks/useLogSelection';

export interface AttemptPickerProps {
  runs: DbInitRun[];
  run: number;
  attempt: AttemptChoice;
  onRunChange(run: number): void;
  onAttemptChange(attempt: AttemptChoice): void;
}

/** Chooses which run and which attempt (pod) the log viewer shows. */
export function AttemptPicker(props: AttemptPickerProps) {
  const { runs, run, attempt, onRunChange, onAttemptChange } = props;
  const selectedRun = runs.find(candidate => candidate.id === run);
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6}>
        <FormControl fullWidth>
          <InputLabel id="supabase-log-run">Run</InputLabel>
          <Select
            labelId="supabase-log-run"
            value={run}
            onChange={event => onRunChange(Number(event.target.value))}
          >
            {runs.map(candidate => (
              <MenuItem key={candidate.id} value={candidate.id}>
                Run {candidate.number} · {candidate.trigger} · {candidate.state}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Grid>
      <Grid item xs={12} sm={6}>
        <FormControl fullWidth>
          <InputLabel id="supabase-log-attempt">Attempt</InputLabel>
          <Select
            labelId="supabase-log-attempt"
            value={attempt}
            onChange={event =>
              onAttemptChange(
                event.target.value === 'follow'
                  ? 'follow'
                  : Number(event.target.value),
              )
            }
          >
            <MenuItem value="follow">Latest attempt (follow)</MenuItem>
            {selectedRun?.attempts.map(candidate => (
              <MenuItem key={candidate.attempt} value={candidate.attempt}>
                Attempt {candidate.attempt} · {candidate.state}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Grid>
    </Grid>
  );
}
