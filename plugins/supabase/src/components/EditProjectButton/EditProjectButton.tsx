import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import EditIcon from '@material-ui/icons/Edit';
import {
  SupabaseProject,
  supabaseProjectUpdatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { EditProjectDialog } from './EditProjectDialog';

export interface EditProjectButtonProps {
  project: SupabaseProject;
  /** The update was accepted: reload what the page shows. */
  onUpdated?(updated: SupabaseProject): void;
}

/**
 * Opens the spec editor; off without the update permission and while the
 * project is being deleted.
 */
export function EditProjectButton(props: EditProjectButtonProps) {
  const { project, onUpdated } = props;
  const { allowed, loading } = usePermission({
    permission: supabaseProjectUpdatePermission,
  });
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
      {loading || allowed ? (
        button
      ) : (
        <Tooltip title="You are not allowed to update Supabase projects">
          {/* A disabled button fires no events: the span carries the tooltip. */}
          <span>{button}</span>
        </Tooltip>
      )}
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
