import { useApi } from '@backstage/core-plugin-api';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  SupabaseProject,
  supabaseProjectDeletePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef, supabaseApiRef } from '../../api';
import { ConfirmActionButton } from '../ConfirmActionButton';

export interface DeleteProjectButtonProps {
  projectRef: ProjectRef;
  /** Deletion already under way. */
  deleting?: boolean;
  /** The deletion was accepted: the project as the API answered (Deleting). */
  onDeleted?(project: SupabaseProject): void;
}

/** Deletes a project after confirmation; off without the delete permission. */
export function DeleteProjectButton(props: DeleteProjectButtonProps) {
  const { projectRef, deleting, onDeleted } = props;
  const api = useApi(supabaseApiRef);
  const title = `${projectRef.namespace}/${projectRef.name}`;
  return (
    <ConfirmActionButton
      label="Delete"
      icon={<DeleteIcon />}
      permission={supabaseProjectDeletePermission}
      projectRef={projectRef}
      notAllowed={`Only the owners of ${title} may delete it`}
      disabled={deleting}
      title={`Delete ${title}?`}
      confirmLabel="Delete project"
      action={async () => onDeleted?.(await api.deleteProject(projectRef))}
      failed={`Could not delete ${title}`}
    >
      This removes the project's Deployments, Services, Secrets, ConfigMaps and
      Jobs from the cluster. Its database and the data in it are kept, as is
      your database or server Secret: the project's claim on the database is
      released, so another project may use it, and a project created again with
      the same namespace and name takes it up again.
    </ConfirmActionButton>
  );
}
