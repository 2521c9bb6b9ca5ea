import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  Page,
} from '@backstage/core-components';
import { useRouteRef, useRouteRefParams } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { isOnSharedServer } from '@supabase-backstage/plugin-supabase-common';
import { useMemo } from 'react';
import { useProject } from '../../hooks/useProject';
import { describeDatabase } from '../../lib/database';
import { projectRouteRef, rootRouteRef } from '../../routes';
import { DeleteProjectButton } from '../DeleteProjectButton';
import { EditProjectButton } from '../EditProjectButton';
import { RotateCredentialsButton } from '../RotateCredentialsButton';
import { OwnerLink } from '../OwnerLink';
import { PhaseChip } from '../PhaseChip';
import { RelativeTime } from '../RelativeTime';
import { ProjectOverview } from '../ProjectOverview';

/** `/supabase/:namespace/:name`: one project, live. */
export function ProjectPage() {
  const { namespace, name } = useRouteRefParams(projectRouteRef);
  const projectRef = useMemo(() => ({ namespace, name }), [namespace, name]);
  const rootLink = useRouteRef(rootRouteRef);
  const state = useProject(projectRef);
  const { project } = state;

  return (
    <Page themeId="tool">
      <Header
        title={name}
        subtitle={`Supabase project in namespace ${namespace}`}
        type="Supabase"
        typeLink={rootLink()}
      >
        {project && (
          <>
            <HeaderLabel
              label="Phase"
              // The stream says at once when the project is gone.
              value={
                state.deleted ? 'Deleted' : <PhaseChip phase={project.phase} />
              }
            />
            <HeaderLabel
              label="Owner"
              value={<OwnerLink owner={project.owner} color="inherit" />}
            />
            {project.spec.cluster && (
              <HeaderLabel label="Cluster" value={project.spec.cluster} />
            )}
            <HeaderLabel
              label="Created"
              value={<RelativeTime iso={project.createdAt} />}
            />
            <HeaderLabel
              label="Database"
              value={describeDatabase(project.database)}
            />
          </>
        )}
      </Header>
      <Content>
        <ContentHeader title={`${namespace}/${name}`}>
          {project && !state.deleted && (
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <EditProjectButton project={project} onUpdated={state.reload} />
              <RotateCredentialsButton
                credentials="jwtSecret"
                projectRef={projectRef}
                running={project.phase === 'Running'}
              />
              <RotateCredentialsButton
                credentials="rolePasswords"
                projectRef={projectRef}
                running={project.phase === 'Running'}
                sharedServer={isOnSharedServer(project)}
              />
              <DeleteProjectButton
                projectRef={projectRef}
                deleting={project.phase === 'Deleting'}
                onDeleted={state.accept}
              />
            </Box>
          )}
        </ContentHeader>
        <ProjectOverview projectRef={projectRef} state={state} />
      </Content>
    </Page>
  );
}
