import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactElement, ReactNode, useId, useState } from 'react';
import { ProjectRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { failureMessage } from '../../lib/failureMessage';
import { NotAllowedTooltip } from '../NotAllowedTooltip';

export interface ConfirmActionButtonProps {
  label: string;
  icon: ReactElement;
  /** Decided on this project. */
  permission: ResourcePermission;
  projectRef: ProjectRef;
  /** Shown when the permission is missing. */
  notAllowed: string;
  /**
   * Off, with this reason shown as `notAllowed` is, although the project's
   * permission allows (e.g. a permission on the project's database server).
   */
  refused?: string;
  /** Off for a reason other than permission (e.g. the project's phase). */
  disabled?: boolean;
  title: string;
  /** What will happen, for the confirmation. */
  children: ReactNode;
  confirmLabel: string;
  action: () => Promise<unknown>;
  /**
   * Told when the action was accepted; left out when the page itself shows
   * the outcome (a toast would outlive it).
   */
  done?: string;
  /** Before the error's message when it fails. */
  failed: string;
}

/**
 * A button for a consequential action on a project: off without the
 * permission on that project (with a tooltip saying so), confirmed in a dialog, reported
 * through the alert API.
 */
export function ConfirmActionButton(props: ConfirmActionButtonProps) {
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = useProjectPermission(
    props.permission,
    props.projectRef,
  );
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const confirm = async () => {
    setBusy(true);
    try {
      await props.action();
      if (props.done) {
        alertApi.post({
          message: props.done,
          severity: 'info',
          display: 'transient',
        });
      }
      setOpen(false);
    } catch (error) {
      alertApi.post({
        message: `${props.failed}: ${failureMessage(error as Error)}`,
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
      disabled={loading || !allowed || !!props.refused || props.disabled}
      onClick={() => setOpen(true)}
    >
      {props.label}
    </Button>
  );
  return (
    <>
      <NotAllowedTooltip
        allowed={loading || (allowed && !props.refused)}
        reason={allowed && props.refused ? props.refused : props.notAllowed}
      >
        {button}
      </NotAllowedTooltip>
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
