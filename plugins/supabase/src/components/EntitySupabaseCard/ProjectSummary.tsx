import {
  Link,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { describeProjectFailure } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { useProject } from '../../hooks/useProject';
import { useProjectLink } from '../../hooks/useProjectLink';
import { describeDatabase } from '../../lib/database';
import { EndpointText } from '../EndpointsCard';
import { PhaseChip } from '../PhaseChip';
import { SupabaseErrorPanel } from '../SupabaseErrorPanel';

/** Phase, failure and endpoints of one project, live. */
export function ProjectSummary(props: { projectRef: ProjectRef }) {
  const { projectRef } = props;
  const state = useProject(projectRef);
  const projectLink = useProjectLink();
  const title = `${projectRef.namespace}/${projectRef.name}`;
  if (state.error) {
    return (
      <SupabaseErrorPanel
        title={`Could not load the project ${title}`}
        error={state.error}
      />
    );
  }
  const { project } = state;
  if (!project) {
    return <Progress />;
  }
  const metadata: Record<string, JSX.Element | string> = {
    Project: projectLink ? (
      <Link to={projectLink(projectRef)}>{title}</Link>
    ) : (
      title
    ),
    Phase: <PhaseChip phase={state.deleted ? 'Deleting' : project.phase} />,
    Database: describeDatabase(project.database),
  };
  if (project.phase === 'Failed') {
    // The summary only; the project page has the whole failure panel.
    metadata.Failure = describeProjectFailure(project).summary;
  }
  if (project.endpoints?.api) {
    metadata['API URL'] = (
      <EndpointText url={project.endpoints.api} withPortForward />
    );
  }
  if (project.endpoints?.studio) {
    metadata['Studio URL'] = <EndpointText url={project.endpoints.studio} />;
  }
  return <StructuredMetadataTable metadata={metadata} />;
}
