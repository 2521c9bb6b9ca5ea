import { EmptyState, Progress, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { isOnSharedServer } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { useDbInitStatus } from '../../hooks/useDbInitStatus';
import { ProjectState } from '../../hooks/useProject';
import { ComponentsTable } from '../ComponentsTable';
import { ConnectCard } from '../ConnectCard';
import { DbInitCard } from '../DbInitCard';
import { DbInitLogs } from '../DbInitLogs';
import { EndpointsCard } from '../EndpointsCard';
import { FailurePanel } from '../FailurePanel';
import { PhaseTimeline } from '../PhaseTimeline';
import { ProjectSecretsCard } from '../ProjectSecretsCard';
import { SigningKeysCard } from '../SigningKeysCard';
import { ProjectWarnings } from '../ProjectWarnings';
import { SupabaseErrorPanel } from '../SupabaseErrorPanel';

export interface ProjectOverviewProps {
  projectRef: ProjectRef;
  /** From useProject: the project, kept current by the status stream. */
  state: ProjectState;
}

/**
 * Everything about one project: failure, warnings, phase timeline, db-init
 * Job and its logs, components, endpoints, how to connect and secrets
 * (revealed on request). Shared by the project page and
 * the catalog entity tab.
 */
export function ProjectOverview(props: ProjectOverviewProps) {
  const { projectRef, state } = props;
  const { project, events } = state;
  // Pushed project updates and new timeline events are what change db-init.
  const dbInit = useDbInitStatus(
    projectRef,
    project ? `${project.updatedAt}/${events.length}` : undefined,
  );
  const title = `${projectRef.namespace}/${projectRef.name}`;

  if (state.deleted) {
    return (
      <EmptyState
        missing="data"
        title={`${title} was deleted`}
        description="The project and the cluster objects it owned are gone."
      />
    );
  }
  if (state.error) {
    return (
      <SupabaseErrorPanel
        title={`Could not load the project ${title}`}
        error={state.error}
      />
    );
  }
  if (!project) {
    return <Progress />;
  }

  return (
    <Grid container spacing={3} alignItems="stretch">
      {state.streamError && (
        <Grid item xs={12}>
          <WarningPanel
            severity="info"
            title="Live updates stopped; reload the page to see changes"
            message={state.streamError.message}
          />
        </Grid>
      )}
      {project.phase === 'Failed' && (
        <Grid item xs={12}>
          <FailurePanel project={project} />
        </Grid>
      )}
      {project.warnings && project.warnings.length > 0 && (
        <Grid item xs={12}>
          <ProjectWarnings warnings={project.warnings} />
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <PhaseTimeline project={project} events={events} />
      </Grid>
      <Grid item xs={12} md={8}>
        <DbInitCard projectRef={projectRef} project={project} dbInit={dbInit} />
      </Grid>
      <Grid item xs={12}>
        <DbInitLogs
          projectRef={projectRef}
          runs={dbInit.status?.runs ?? []}
          onAttemptChange={dbInit.reload}
        />
      </Grid>
      <Grid item xs={12} md={7}>
        <ComponentsTable components={project.components} />
      </Grid>
      <Grid item xs={12} md={5}>
        <EndpointsCard project={project} />
        <Box mt={3}>
          <ConnectCard projectRef={projectRef} project={project} />
        </Box>
        <Box mt={3}>
          <ProjectSecretsCard
            projectRef={projectRef}
            legacyKeys={project.spec.apiKeys?.legacy !== false}
            sharedServer={isOnSharedServer(project)}
          />
        </Box>
        <Box mt={3}>
          <SigningKeysCard project={project} />
        </Box>
      </Grid>
    </Grid>
  );
}
