import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import DeleteIcon from '@material-ui/icons/Delete';
import { supabaseProjectDeletePermission } from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';

export interface DeleteProjectButtonProps {
  projectRef: ProjectRef;
  /** Deletion already under way. */
  deleting?: boolean;
}

/** Deletes a project after confirmation; off without the delete permission. */
export function DeleteProjectButton(props: DeleteProjectButtonProps) {
  const { projectRef, deleting } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: supabaseProjectDeletePermission,
  });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const title = `${projectRef.namespace}/${projectRef.name}`;

  const confirm = async () => {
    setBusy(true);
    try {
      await api.deleteProject(projectRef);
      alertApi.post({
        message: `Deleting ${title}`,
        severity: 'info',
        display: 'transient',
      });
      setOpen(false);
    } catch (error) {
      alertApi.post({
        message: `Could not delete ${title}: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      variant="outlined"
      color="secondary"
      startIcon={<DeleteIcon />}
      disabled={loading || !allowed || deleting}
      onClick={() => setOpen(true)}
    >
      Delete
    </Button>
  );
  return (
    <>
      {loading || allowed ? (
        button
      ) : (
        <Tooltip title="You are not allowed to delete Supabase projects">
          {/* A disabled button fires no events: the span carries the tooltip. */}
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="supabase-delete-title"
      >
        <DialogTitle id="supabase-delete-title">Delete {title}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            This removes the project's Deployments, Services, Secrets, ConfigMap
            and db-init Job from the cluster. The database itself and your
            database Secret are left as they are.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={confirm}
            disabled={busy}
          >
            Delete project
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
