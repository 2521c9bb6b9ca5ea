import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import ReplayIcon from '@material-ui/icons/Replay';
import { supabaseProjectCreatePermission } from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';

/**
 * Retries a Failed project. Retrying re-runs provisioning, so it needs the
 * permission to create projects; without it the button says why it is off.
 */
export function RetryButton(props: { projectRef: ProjectRef }) {
  const { projectRef } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: supabaseProjectCreatePermission,
  });
  const [busy, setBusy] = useState(false);

  const retry = async () => {
    setBusy(true);
    try {
      await api.retryProject(projectRef);
      alertApi.post({
        message: `Retrying ${projectRef.namespace}/${projectRef.name}`,
        severity: 'success',
        display: 'transient',
      });
    } catch (error) {
      alertApi.post({
        message: `Could not retry: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<ReplayIcon />}
      disabled={loading || !allowed || busy}
      onClick={retry}
    >
      Retry
    </Button>
  );
  if (loading || allowed) {
    return button;
  }
  return (
    <Tooltip title="You are not allowed to retry Supabase projects">
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span>{button}</span>
    </Tooltip>
  );
}
