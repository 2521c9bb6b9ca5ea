import Button from '@material-ui/core/Button';
import EditIcon from '@material-ui/icons/Edit';
import {
  SupabaseProject,
  supabaseProjectUpdatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { NotAllowedTooltip } from '../NotAllowedTooltip';
import { EditProjectDialog } from './EditProjectDialog';

export interface EditProjectButtonProps {
  project: SupabaseProject;
  /** The update was accepted: reload what the page shows. */
  onUpdated?(updated: SupabaseProject): void;
}

/**
 * Opens the spec editor; off without the update permission on the project
 * and while it is being deleted.
 */
export function EditProjectButton(props: EditProjectButtonProps) {
  const { project, onUpdated } = props;
  const { allowed, loading } = useProjectPermission(
    supabaseProjectUpdatePermission,
    project,
  );
  const [open, setOpen] = useState(false);
  const deleting = project.phase === 'Deleting';

  const button = (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<EditIcon />}
      disabled={loading || !allowed || deleting}
      onClick={() => setOpen(true)}
    >
      Edit
    </Button>
  );
  return (
    <>
      <NotAllowedTooltip
        allowed={loading || allowed}
        reason={`Only the owners of ${project.namespace}/${project.name} may change it`}
      >
        {button}
      </NotAllowedTooltip>
      {open && (
        // Mounted per opening, so it starts from the project as it is now.
        <EditProjectDialog
          project={project}
          onClose={() => setOpen(false)}
          onUpdated={onUpdated}
        />
      )}
    </>
  );
}
