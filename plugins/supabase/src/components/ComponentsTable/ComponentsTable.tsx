import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ComponentStatus } from '@supabase-backstage/plugin-supabase-common';
import { BreakableText } from '../BreakableText';
import { SectionCard } from '../SectionCard';
import { ComponentStateChip } from './ComponentStateChip';
import { SimulatedBadge } from './SimulatedBadge';

const columns: TableColumn<ComponentStatus>[] = [
  {
    title: 'Component',
    field: 'name',
    // The name and its badge stay on one line; the image may wrap.
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        {row.name}
        {row.simulated && <SimulatedBadge />}
      </Box>
    ),
  },
  {
    title: 'Image',
    field: 'image',
    render: row => (
      <code>
        <BreakableText text={row.image} breakAfter="/:" />
      </code>
    ),
  },
  {
    title: 'Ready',
    field: 'readyReplicas',
    render: row => `${row.readyReplicas}/${row.desiredReplicas}`,
  },
  {
    title: 'State',
    field: 'state',
    render: row => (
      <>
        <ComponentStateChip state={row.state} />
        {row.message && (
          <Typography variant="body2" color="textSecondary">
            <BreakableText text={row.message} breakAfter="./" />
          </Typography>
        )}
      </>
    ),
  },
];

/** The Supabase services of a project and how their Deployments are doing. */
export function ComponentsTable(props: { components?: ComponentStatus[] }) {
  const components = props.components ?? [];
  const simulated = components.some(component => component.simulated);
  return (
    <SectionCard
      title="Components"
      subheader={
        simulated ? <SimulatedBadge label="local cluster" /> : undefined
      }
      noPadding={components.length > 0}
    >
      {components.length === 0 ? (
        <Typography color="textSecondary">
          The components are deployed in the DeployingComponents phase.
        </Typography>
      ) : (
        <Table<ComponentStatus>
          columns={columns}
          // material-table adds bookkeeping fields to the rows it is given.
          data={components.map(component => ({ ...component }))}
          options={{
            paging: false,
            search: false,
            sorting: false,
            toolbar: false,
            padding: 'dense',
          }}
        />
      )}
    </SectionCard>
  );
}
