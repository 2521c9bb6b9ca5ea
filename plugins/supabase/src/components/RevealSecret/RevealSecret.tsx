import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import VisibilityIcon from '@material-ui/icons/Visibility';
import {
  ProjectSecretName,
  RevealedSecret,
} from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';
import { failureMessage } from '../../lib/failureMessage';
import { EndpointRow } from '../EndpointsCard/EndpointRow';

/** What one revealed secret shows: one value, or a user name and password. */
function revealedRows(label: string, revealed: RevealedSecret) {
  if (revealed.value !== undefined) {
    return [{ label, value: revealed.value }];
  }
  return [
    { label: `${label} user`, value: revealed.username ?? '' },
    { label: `${label} password`, value: revealed.password ?? '' },
  ];
}

export interface RevealSecretProps {
  projectRef: ProjectRef;
  secret: ProjectSecretName;
  label: string;
}

/**
 * One of a project's secrets, fetched only when the user asks ("Reveal"),
 * shown with copy buttons until hidden. The caller checks the permission;
 * the backend checks it again and records each reveal.
 */
export function RevealSecret(props: RevealSecretProps) {
  const { projectRef, secret, label } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const [revealed, setRevealed] = useState<RevealedSecret>();
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    setBusy(true);
    try {
      setRevealed(await api.revealSecret(projectRef, secret));
    } catch (error) {
      alertApi.post({
        message: `Could not reveal the secret: ${failureMessage(
          error as Error,
        )}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box py={0.5}>
      {revealed ? (
        <>
          {revealedRows(label, revealed).map(row => (
            <EndpointRow key={row.label} label={row.label} value={row.value} />
          ))}
          <Button size="small" onClick={() => setRevealed(undefined)}>
            Hide {label}
          </Button>
        </>
      ) : (
        <Button
          size="small"
          variant="outlined"
          startIcon={<VisibilityIcon />}
          disabled={busy}
          onClick={reveal}
        >
          Reveal {label}
        </Button>
      )}
    </Box>
  );
}
