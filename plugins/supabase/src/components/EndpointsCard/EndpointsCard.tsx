import Typography from '@material-ui/core/Typography';
import {
  ProjectEndpoints,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
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
 * Where to reach a project, and its anon key. The anon key is public by
 * design (browsers send it); the service role key is never shown.
 */
export function EndpointsCard(props: {
  project: Pick<SupabaseProject, 'endpoints' | 'anonKey'>;
}) {
  const { endpoints = {}, anonKey } = props.project;
  const rows = LABELS.filter(([key]) => endpoints[key]);
  return (
    <SectionCard title="Endpoints">
      {rows.length === 0 && !anonKey ? (
        <Typography color="textSecondary">
          The endpoints are published when the project is Running.
        </Typography>
      ) : (
        <>
          {rows.map(([key, label]) => (
            <EndpointRow key={key} label={label} value={endpoints[key]!} link />
          ))}
          {anonKey && <EndpointRow label="Anon key" value={anonKey} />}
        </>
      )}
    </SectionCard>
  );
}
