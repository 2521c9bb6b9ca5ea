import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  isOnSharedServer,
  SupabaseProject,
  supabaseProjectSecretsReadPermission,
  supabaseSharedServerSecretsReadPermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { useProjectPermission } from '../../hooks/useProjectPermission';
import { useSharedServerPermission } from '../../hooks/useSharedServerPermission';
import { sharedServerReason } from '../../lib/sharedServerReason';
import { CommandText } from '../CommandText';
import { RevealSecret } from '../RevealSecret';
import { SectionCard } from '../SectionCard';

/** The supabase-js snippet that connects an app to a project. */
export function clientSnippet(url: string, key: string): string {
  return [
    "import { createClient } from '@supabase/supabase-js';",
    '',
    `const supabase = createClient('${url}', '${key}');`,
  ].join('\n');
}

export interface ConnectCardProps {
  projectRef: ProjectRef;
  project: Pick<SupabaseProject, 'endpoints' | 'anonKey' | 'warnings'> & {
    /** The publishable key, where the API has it; else the anon key. */
    publishableKey?: string;
  };
}

/**
 * How an app connects: the client snippet with the API URL and the public
 * key, and the database connection string, revealed under the permission to
 * read the project's secrets. On a server the platform shares between owners
 * the string holds the server's admin login: it also takes the platform's
 * permission, and the card says so rather than offer a reveal that is refused.
 */
export function ConnectCard(props: ConnectCardProps) {
  const { projectRef, project } = props;
  const { allowed, loading } = useProjectPermission(
    supabaseProjectSecretsReadPermission,
    projectRef,
  );
  const server = useSharedServerPermission(
    supabaseSharedServerSecretsReadPermission,
    isOnSharedServer(project),
  );
  const url = project.endpoints?.api;
  const key = project.publishableKey ?? project.anonKey;
  return (
    <SectionCard title="Connect">
      {url && key ? (
        <>
          <Typography variant="subtitle2">From JavaScript</Typography>
          <CommandText text={clientSnippet(url, key)} label="client snippet" />
        </>
      ) : (
        <Typography color="textSecondary">
          The client snippet is here when the project is Running.
        </Typography>
      )}
      <Box mt={2}>
        <Typography variant="subtitle2">
          Database connection string, for apps and tools
        </Typography>
        {!loading && allowed && !server.loading && server.allowed && (
          <RevealSecret
            projectRef={projectRef}
            secret="connectionString"
            label="Connection string"
          />
        )}
        {!loading && !allowed && (
          <Typography variant="body2" color="textSecondary">
            Only the owners of {projectRef.namespace}/{projectRef.name} may
            reveal it.
          </Typography>
        )}
        {!loading && allowed && !server.loading && !server.allowed && (
          <Typography variant="body2" color="textSecondary">
            {sharedServerReason('reveals its connection string')}
          </Typography>
        )}
      </Box>
    </SectionCard>
  );
}
