import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import VisibilityIcon from '@material-ui/icons/Visibility';
import {
  ProjectSecretName,
  RevealedSecret,
  supabaseProjectSecretsReadPermission,
} from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { failureMessage } from '../../lib/failureMessage';
import { EndpointRow } from '../EndpointsCard/EndpointRow';
import { SectionCard } from '../SectionCard';

const SECRETS: Array<{
  secret: ProjectSecretName;
  label: string;
  legacy?: boolean;
}> = [
  { secret: 'connectionString', label: 'Connection string' },
  { secret: 'secretKey', label: 'Secret key' },
  { secret: 'serviceRoleKey', label: 'service_role key', legacy: true },
  { secret: 'studioCredentials', label: 'Studio login' },
];

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

/**
 * What a developer needs to connect, revealed on purpose, one secret at a
 * time: the database connection string for their app, the secret key (and
 * the legacy service_role key while legacy keys are on), Studio's
 * dashboard login. Only for those with the permission to read the
 * project's secrets (its owners by default); each reveal is audited by the
 * backend. Nothing is fetched before the user asks.
 */
export function ProjectSecretsCard(props: {
  projectRef: ProjectRef;
  /** Whether the legacy keys are on (`spec.apiKeys.legacy`); default on. */
  legacyKeys?: boolean;
}) {
  const { projectRef, legacyKeys = true } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = useProjectPermission(
    supabaseProjectSecretsReadPermission,
    projectRef,
  );
  const [revealed, setRevealed] = useState<
    Partial<Record<ProjectSecretName, RevealedSecret>>
  >({});
  const [busy, setBusy] = useState<ProjectSecretName>();

  const reveal = async (secret: ProjectSecretName) => {
    setBusy(secret);
    try {
      const value = await api.revealSecret(projectRef, secret);
      setRevealed(current => ({ ...current, [secret]: value }));
    } catch (error) {
      alertApi.post({
        message: `Could not reveal the secret: ${failureMessage(
          error as Error,
        )}`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };
  const hide = (secret: ProjectSecretName) =>
    setRevealed(({ [secret]: _gone, ...rest }) => rest);

  if (loading) return null;
  return (
    <SectionCard
      title="Secrets"
      subheader="Revealed on request; each reveal is recorded with your name"
    >
      {!allowed ? (
        <Typography color="textSecondary">
          Only the owners of {projectRef.namespace}/{projectRef.name} may reveal
          its secrets.
        </Typography>
      ) : (
        SECRETS.filter(s => legacyKeys || !s.legacy).map(
          ({ secret, label }) => {
            const shown = revealed[secret];
            return (
              <Box key={secret} py={0.5}>
                {shown ? (
                  <>
                    {revealedRows(label, shown).map(row => (
                      <EndpointRow
                        key={row.label}
                        label={row.label}
                        value={row.value}
                      />
                    ))}
                    <Button size="small" onClick={() => hide(secret)}>
                      Hide {label}
                    </Button>
                  </>
                ) : (
                  <Button
                    size="small"
                    variant="outlined"
                    startIcon={<VisibilityIcon />}
                    disabled={busy !== undefined}
                    onClick={() => reveal(secret)}
                  >
                    Reveal {label}
                  </Button>
                )}
              </Box>
            );
          },
        )
      )}
    </SectionCard>
  );
}
