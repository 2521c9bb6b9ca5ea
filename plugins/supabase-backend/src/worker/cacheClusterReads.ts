import { LoggerService } from '@backstage/backend-plugin-api';
import { CachedClusterClient } from '../kubernetes/CachedClusterClient';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { MANAGED_SELECTOR } from '../resources';

/**
 * The cluster as the pipeline reads it with watches on: the objects the
 * plugin creates (found by its labels, in every namespace) and the Secrets
 * and ConfigMaps of the namespaces that hold projects (the user's database
 * Secret and custom SQL are read on every reconcile, and carry no labels of
 * ours) come from watch-fed caches, so a project at rest costs the API
 * server nothing. See docs/decisions/0012-reads-from-watch-fed-caches.md.
 */
export function cacheClusterReads(
  cluster: ClusterClient,
  logger: LoggerService,
): CachedClusterClient {
  return new CachedClusterClient(
    cluster,
    {
      labelled: {
        kinds: [
          { apiVersion: 'batch/v1', kind: 'Job' },
          { apiVersion: 'v1', kind: 'Pod' },
          { apiVersion: 'apps/v1', kind: 'Deployment' },
          { apiVersion: 'v1', kind: 'Service' },
          { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
        ],
        labelSelector: MANAGED_SELECTOR,
      },
      perNamespace: [
        { apiVersion: 'v1', kind: 'Secret' },
        { apiVersion: 'v1', kind: 'ConfigMap' },
      ],
    },
    logger,
  );
}
