import { Link, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import { useMemo } from 'react';
import { useProjectLink } from '../../hooks/useProjectLink';
import { PAGE_SIZES, useProjectsFilters } from '../../hooks/useProjectsFilters';
import { useProjectsList } from '../../hooks/useProjectsList';
import { summarizeMessage } from '../../lib/message';
import { RelativeTime } from '../RelativeTime';
import { OwnerLink } from '../OwnerLink';
import { PhaseChip } from '../PhaseChip';
import { SupabaseErrorPanel } from '../SupabaseErrorPanel';
import { NoProjectsEmptyState } from './NoProjectsEmptyState';
import { ProjectFilters } from './ProjectFilters';

/** The projects, filtered and paged by the backend. */
export function ProjectsTable() {
  const { filters, setFilter, setPage } = useProjectsFilters();
  const { namespace, phase, search, page, pageSize } = filters;
  const query = useMemo(
    () => ({
      namespace: namespace || undefined,
      phase,
      search: search || undefined,
      limit: pageSize,
      offset: page * pageSize,
    }),
    [namespace, phase, search, page, pageSize],
  );
  const list = useProjectsList(query);
  const projectLink = useProjectLink();

  const columns = useMemo(
    (): TableColumn<SupabaseProject>[] => [
      {
        title: 'Name',
        field: 'name',
        render: project =>
          projectLink ? (
            <Link to={projectLink(project)}>{project.name}</Link>
          ) : (
            project.name
          ),
      },
      { title: 'Namespace', field: 'namespace' },
      {
        title: 'Phase',
        field: 'phase',
        render: project => (
          <>
            <PhaseChip phase={project.phase} />
            {project.phase === 'Failed' && project.message && (
              // The whole message (with log lines) is on the project page.
              <Typography
                variant="body2"
                color="textSecondary"
                title={project.message}
              >
                {summarizeMessage(project.message)}
              </Typography>
            )}
          </>
        ),
      },
      {
        title: 'Age',
        field: 'createdAt',
        render: project => <RelativeTime iso={project.createdAt} />,
      },
      {
        title: 'Owner',
        field: 'owner',
        render: project => <OwnerLink owner={project.owner} />,
      },
    ],
    [projectLink],
  );

  const filtered = Boolean(namespace || phase || search);
  if (list.error) {
    return (
      <SupabaseErrorPanel
        title="Could not load the Supabase projects"
        error={list.error}
      />
    );
  }
  const showEmptyState = !list.loading && !filtered && list.totalCount === 0;
  return (
    <>
      <ProjectFilters filters={filters} onChange={setFilter} />
      {showEmptyState ? (
        <NoProjectsEmptyState />
      ) : (
        <Table<SupabaseProject>
          columns={columns}
          data={list.items}
          isLoading={list.loading}
          page={page}
          totalCount={list.totalCount}
          onPageChange={(nextPage, nextPageSize) =>
            setPage(nextPage, nextPageSize)
          }
          options={{
            paging: true,
            pageSize,
            pageSizeOptions: PAGE_SIZES,
            search: false,
            toolbar: false,
            sorting: false,
            padding: 'dense',
          }}
          emptyContent={
            <Typography style={{ padding: 16 }}>
              No projects match these filters.
            </Typography>
          }
        />
      )}
    </>
  );
}
