import Typography from '@material-ui/core/Typography';
import {
  ProjectEndpoints,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { PublicApiKeys } from '../PublicApiKeys';
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

/**
 * Where to reach a project, and its public keys (PublicApiKeys). The
 * secret and service_role keys are never shown here.
 */
export function EndpointsCard(props: {
  project: Pick<SupabaseProject, 'endpoints' | 'anonKey' | 'publishableKey'>;
}) {
  const { endpoints = {}, anonKey, publishableKey } = props.project;
  const rows = LABELS.filter(([key]) => endpoints[key]);
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
          <PublicApiKeys project={props.project} />
        </>
      )}
    </SectionCard>
  );
}
