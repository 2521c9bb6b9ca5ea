import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement, ReactNode, useId, useState } from 'react';

export interface ConfirmActionButtonProps {
  label: string;
  icon: ReactElement;
  permission: BasicPermission;
  /** Shown when the permission is missing. */
  notAllowed: string;
  /** Off for a reason other than permission (e.g. the project's phase). */
  disabled?: boolean;
  title: string;
  /** What will happen, for the confirmation. */
  children: ReactNode;
  confirmLabel: string;
  action: () => Promise<unknown>;
  /** Told when the action was accepted. */
  done: string;
  /** Before the error's message when it fails. */
  failed: string;
}

/**
 * A button for a consequential action on a project: off without the
 * permission (with a tooltip saying so), confirmed in a dialog, reported
 * through the alert API.
 */
export function ConfirmActionButton(props: ConfirmActionButtonProps) {
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: props.permission,
  });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const confirm = async () => {
    setBusy(true);
    try {
      await props.action();
      alertApi.post({
        message: props.done,
        severity: 'info',
        display: 'transient',
      });
      setOpen(false);
    } catch (error) {
      alertApi.post({
        message: `${props.failed}: ${(error as Error).message}`,
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
      startIcon={props.icon}
      disabled={loading || !allowed || props.disabled}
      onClick={() => setOpen(true)}
    >
      {props.label}
    </Button>
  );
  return (
    <>
      {loading || allowed ? (
        button
      ) : (
        <Tooltip title={props.notAllowed}>
          {/* A disabled button fires no events: the span carries the tooltip. */}
          <span>{button}</span>
        </Tooltip>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
      >
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>
          <DialogContentText>{props.children}</DialogContentText>
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
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
