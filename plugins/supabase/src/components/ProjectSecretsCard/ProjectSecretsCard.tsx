import Typography from '@material-ui/core/Typography';
import {
  ProjectSecretName,
  supabaseProjectSecretsReadPermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { RevealSecret } from '../RevealSecret';
import { SectionCard } from '../SectionCard';

// The connection string is in the Connect card, with the client snippet.
const SECRETS: Array<{
  secret: ProjectSecretName;
  label: string;
  legacy?: boolean;
}> = [
  { secret: 'secretKey', label: 'Secret key' },
  { secret: 'serviceRoleKey', label: 'service_role key', legacy: true },
  { secret: 'studioCredentials', label: 'Studio login' },
];

/**
 * The project's keys and logins, revealed on purpose, one secret at a
 * time: the secret key (and the legacy service_role key while legacy keys
 * are on), Studio's dashboard login. Only for those with the permission to
 * read the project's secrets (its owners by default); each reveal is
 * audited by the backend. Nothing is fetched before the user asks.
 */
export function ProjectSecretsCard(props: {
  projectRef: ProjectRef;
  /** Whether the legacy keys are on (`spec.apiKeys.legacy`); default on. */
  legacyKeys?: boolean;
}) {
  const { projectRef, legacyKeys = true } = props;
  const { allowed, loading } = useProjectPermission(
    supabaseProjectSecretsReadPermission,
    projectRef,
  );
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
          ({ secret, label }) => (
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
