import { ProjectRef } from '../../api';
import { useProject } from '../../hooks/useProject';
import { ProjectOverview } from '../ProjectOverview';

/** The project page's content for one project, live. */
export function EntityProjectOverview(props: { projectRef: ProjectRef }) {
  const state = useProject(props.projectRef);
  return <ProjectOverview projectRef={props.projectRef} state={state} />;
}
