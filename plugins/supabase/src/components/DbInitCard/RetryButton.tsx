import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import ReplayIcon from '@material-ui/icons/Replay';
import { supabaseProjectRetryPermission } from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { failureMessage } from '../../lib/failureMessage';
import { NotAllowedTooltip } from '../NotAllowedTooltip';

/**
 * Retries a Failed project; without the retry permission on the project the
 * button says why it is off.
 */
export function RetryButton(props: { projectRef: ProjectRef }) {
  const { projectRef } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = useProjectPermission(
    supabaseProjectRetryPermission,
    projectRef,
  );
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
        message: `Could not retry: ${failureMessage(error as Error)}`,
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
  return (
    <NotAllowedTooltip
      allowed={loading || allowed}
      reason={`Only the owners of ${projectRef.namespace}/${projectRef.name} may retry it`}
    >
      {button}
    </NotAllowedTooltip>
  );
}
