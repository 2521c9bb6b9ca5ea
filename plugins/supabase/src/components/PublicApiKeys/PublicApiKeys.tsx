import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import { EndpointRow } from '../EndpointsCard/EndpointRow';

/**
 * A project's public API keys, with copy buttons: the publishable key
 * (`sb_publishable_…`), and the legacy anon key while the legacy keys are
 * on. Both are public by design: browsers send them. The secret key is
 * revealed on request only (ProjectSecretsCard).
 */
export function PublicApiKeys(props: {
  project: Pick<SupabaseProject, 'publishableKey' | 'anonKey'>;
}) {
  const { publishableKey, anonKey } = props.project;
  return (
    <>
      {publishableKey && (
        <EndpointRow label="Publishable key" value={publishableKey} />
      )}
      {anonKey && <EndpointRow label="Anon key (legacy)" value={anonKey} />}
    </>
  );
}
