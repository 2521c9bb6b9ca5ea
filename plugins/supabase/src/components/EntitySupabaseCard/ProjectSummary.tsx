import {
  Link,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { ProjectRef } from '../../api';
import { useProject } from '../../hooks/useProject';
import { useProjectLink } from '../../hooks/useProjectLink';
import { describeDatabase } from '../../lib/database';
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
  if (project.phase === 'Failed' && project.message) {
    metadata.Failure = project.message;
  }
  if (project.endpoints?.api) {
    metadata['API URL'] = (
      <Link to={project.endpoints.api}>{project.endpoints.api}</Link>
    );
  }
  if (project.endpoints?.studio) {
    metadata['Studio URL'] = (
      <Link to={project.endpoints.studio}>{project.endpoints.studio}</Link>
    );
  }
  return <StructuredMetadataTable metadata={metadata} />;
}
