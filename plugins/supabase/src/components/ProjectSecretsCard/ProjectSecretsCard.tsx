import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ProjectSecretName,
  supabaseProjectSecretsReadPermission,
  supabaseSharedServerSecretsReadPermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { useSharedServerPermission } from '../../hooks/useSharedServerPermission';
import { sharedServerReason } from '../../lib/sharedServerReason';
import { RevealSecret } from '../RevealSecret';
import { SectionCard } from '../SectionCard';

// The connection string is in the Connect card, with the client snippet.
const SECRETS: Array<{
  secret: ProjectSecretName;
  label: string;
  legacy?: boolean;
  /** Reaches the whole database server (Studio works as supabase_admin). */
  serverWide?: boolean;
}> = [
  { secret: 'secretKey', label: 'Secret key' },
  { secret: 'serviceRoleKey', label: 'service_role key', legacy: true },
  { secret: 'studioCredentials', label: 'Studio login', serverWide: true },
];

/**
 * The project's keys and logins, revealed on purpose, one secret at a
 * time: the secret key (and the legacy service_role key while legacy keys
 * are on), Studio's dashboard login. Only for those with the permission to
 * read the project's secrets (its owners by default); each reveal is
 * audited by the backend. Nothing is fetched before the user asks. On a
 * server the platform shares between owners, Studio's login reaches every
 * owner's database: it takes the platform's permission too, and the card says
 * so in its place rather than offer a reveal that is refused.
 */
export function ProjectSecretsCard(props: {
  projectRef: ProjectRef;
  /** Whether the legacy keys are on (`spec.apiKeys.legacy`); default on. */
  legacyKeys?: boolean;
  /** Whether the project's server is shared between owners (its warning). */
  sharedServer?: boolean;
}) {
  const { projectRef, legacyKeys = true, sharedServer = false } = props;
  const { allowed, loading } = useProjectPermission(
    supabaseProjectSecretsReadPermission,
    projectRef,
  );
  const server = useSharedServerPermission(
    supabaseSharedServerSecretsReadPermission,
    sharedServer,
  );
  if (loading || server.loading) return null;
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
          ({ secret, label, serverWide }) =>
            serverWide && !server.allowed ? (
              <Box key={secret} py={0.5}>
                <Typography variant="body2" color="textSecondary">
                  {sharedServerReason(`reveals its ${label}`)}
                </Typography>
              </Box>
            ) : (
              <RevealSecret
                key={secret}
                projectRef={projectRef}
                secret={secret}
                label={label}
              />
            ),
        )
      )}
    </SectionCard>
  );
}
