import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ProjectEndpoints,
  SupabaseProject,
  endpointReach,
} from '@supabase-backstage/plugin-supabase-common';
import { PublicApiKeys } from '../PublicApiKeys';
import { CommandText } from '../CommandText';
import { SectionCard } from '../SectionCard';
import { EndpointRow } from './EndpointRow';

const LABELS: Array<[keyof ProjectEndpoints, string]> = [
  ['api', 'API URL'],
  ['studio', 'Studio URL'],
  ['auth', 'Auth URL'],
  ['rest', 'REST URL'],
  ['realtime', 'Realtime URL'],
  ['storage', 'Storage URL'],
  ['functions', 'Functions URL'],
];

/** Where Studio's dashboard login is. */
function dashboardLogin(
  project: Pick<SupabaseProject, 'namespace' | 'spec'>,
): string {
  const secret = project.spec.studio?.basicAuthSecretRef;
  return secret
    ? `in the Secret ${project.namespace}/${secret} (keys username and password)`
    : 'generated for the project: reveal "Studio login" under Secrets';
}

export interface EndpointsCardProps {
  project: Pick<
    SupabaseProject,
    'endpoints' | 'anonKey' | 'publishableKey' | 'namespace' | 'spec'
  >;
}

/**
 * Where to reach a project, and its public keys (PublicApiKeys). Public URLs are links;
 * cluster-internal ones are text, with the port-forward that reaches them.
 * Studio is reached through Kong, which asks for the dashboard login. The
 * secret and service_role keys are never shown here.
 */
export function EndpointsCard(props: EndpointsCardProps) {
  const { project } = props;
  const { endpoints = {}, anonKey, publishableKey } = project;
  const rows = LABELS.filter(([key]) => endpoints[key]);
  const api = endpoints.api ? endpointReach(endpoints.api) : undefined;
  return (
    <SectionCard title="Endpoints">
      {rows.length === 0 && !anonKey && !publishableKey ? (
        <Typography color="textSecondary">
          The endpoints are published when the project is Running.
        </Typography>
      ) : (
        <>
          {rows.map(([key, label]) => (
            <EndpointRow key={key} label={label} value={endpoints[key]!} link />
          ))}
          <PublicApiKeys project={project} />
          {api?.kind === 'cluster' && (
            <Box mt={1}>
              <Typography variant="body2">
                These addresses answer inside the cluster only. From your
                machine, forward the API gateway:
              </Typography>
              <CommandText
                text={api.portForward}
                label="port-forward command"
              />
              <Typography variant="body2">
                then use <code>{api.localUrl}</code> instead.
              </Typography>
            </Box>
          )}
          {endpoints.studio && (
            <Box mt={1}>
              <Typography variant="body2" color="textSecondary">
                Studio answers through the API gateway, which asks for the
                dashboard login: {dashboardLogin(project)}.
              </Typography>
            </Box>
          )}
        </>
      )}
    </SectionCard>
  );
}
