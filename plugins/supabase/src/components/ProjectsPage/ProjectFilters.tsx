import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import {
  PROJECT_PHASES,
  ProjectPhase,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectsFilters } from '../../hooks/useProjectsFilters';
import { DebouncedTextField } from './DebouncedTextField';

type FilterChanges = Partial<
  Pick<ProjectsFilters, 'namespace' | 'phase' | 'search'>
>;

export interface ProjectFiltersProps {
  filters: ProjectsFilters;
  onChange(changes: FilterChanges): void;
}

const ALL_PHASES = '';

/** Namespace, phase and name search for the projects table. */
export function ProjectFilters(props: ProjectFiltersProps) {
  const { filters, onChange } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={4}>
        <DebouncedTextField
          id="supabase-search-filter"
          label="Search by name"
          value={filters.search}
          onChange={search => onChange({ search })}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <DebouncedTextField
          id="supabase-namespace-filter"
          label="Namespace"
          value={filters.namespace}
          onChange={namespace => onChange({ namespace })}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <FormControl fullWidth>
          <InputLabel id="supabase-phase-filter">Phase</InputLabel>
          <Select
            labelId="supabase-phase-filter"
            value={filters.phase ?? ALL_PHASES}
            onChange={event =>
              onChange({
                phase: (event.target.value as ProjectPhase) || undefined,
              })
            }
          >
            <MenuItem value={ALL_PHASES}>All phases</MenuItem>
            {PROJECT_PHASES.map(phase => (
              <MenuItem key={phase} value={phase}>
                {phase}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Grid>
    </Grid>
  );
}
