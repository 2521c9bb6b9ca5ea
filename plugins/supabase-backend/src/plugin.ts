import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  parseProjectRef,
  supabasePermissions,
} from '@supabase-backstage/plugin-supabase-common';
import { loadSqlSet } from '@supabase-backstage/sql';
import { readSupabaseConfig } from './config';
import { DatabaseKeyMaterialStore } from './database/DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from './database/DatabaseProjectStore';
import { SecretsCipher } from './database/SecretsCipher';
import { KubernetesClusterClient } from './kubernetes/KubernetesClusterClient';
import { loadKubeConfig } from './kubernetes/loadKubeConfig';
import { clusterReadinessCheck } from './kubernetes/clusterReadiness';
import { storeReadinessCheck } from './database/storeReadiness';
import { Readiness } from './service/Readiness';
import { createRouter } from './service/router';
import { createProvisioning } from './service/createProvisioning';
import { ProjectAuthorizer } from './service/ProjectAuthorizer';
import {
  supabaseProjectPermissionResourceRef,
  supabaseProjectPermissionRules,
} from './permissions';

/**
 * The `supabase` backend plugin: provisions self-hosted Supabase projects on
 * Kubernetes. This file only wires the parts together.
 *
 * @public
 */
export const supabasePlugin = createBackendPlugin({
  pluginId: 'supabase',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const { logger, lifecycle } = deps;
        const settings = readSupabaseConfig(deps.config);
        settings.clusters.skipped.forEach(line => logger.warn(line));

        // One client per cluster; none is asked anything yet, so that a
        // cluster that is down holds up only its own projects.
        const clusters = await Promise.all(
          settings.clusters.clusters.map(async cluster => ({
            name: cluster.name,
            client: await KubernetesClusterClient.create({
              kubeConfig: await loadKubeConfig(cluster),
              logger,
            }),
          })),
        );

        const store = await DatabaseProjectStore.create({
          database: deps.database,
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: supabaseProjectPermissionResourceRef,
          permissions: supabasePermissions,
          rules: Object.values(supabaseProjectPermissionRules),
          // The permission backend asks for projects by `<namespace>/<name>`.
          getResources: refs =>
            Promise.all(
              refs.map(ref => {
                const parsed = parseProjectRef(ref);
                return parsed ? store.getProject(parsed) : undefined;
              }),
            ),
        });
        const authorizer = new ProjectAuthorizer({
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          ruleset: deps.permissionsRegistry.getPermissionRuleset(
            supabaseProjectPermissionResourceRef,
          ),
        });
        const keys = await DatabaseKeyMaterialStore.create({
          database: deps.database,
          cipher: new SecretsCipher(settings.secretsEncryptionKeys),
        });
        const provisioning = createProvisioning({
          store,
          keys,
          clusters,
          sqlSet: loadSqlSet(),
          settings: {
            componentTimeoutMs: settings.componentTimeoutMs,
            dbInitImage: settings.dbInitImage,
            dbInitWaitSeconds: settings.dbInitWaitSeconds,
            maxConcurrentDbInitRunsPerServer:
              settings.dbInitMaxConcurrentRunsPerServer,
          },
          logger,
          watch: settings.watch,
          leaseMs: settings.leaseMs,
        });
        await deps.scheduler.scheduleTask({
          id: 'supabase-project-resync',
          // Every replica resyncs; the per-project lease keeps the work single.
          scope: 'local',
          frequency: settings.resyncInterval,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 1 },
          fn: () => provisioning.worker.resync(),
        });

        lifecycle.addShutdownHook(async () => {
          await provisioning.stop();
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            auth: deps.auth,
            store,
            keys,
            clusters: provisioning.clusters,
            worker: provisioning.worker,
            changes: provisioning.changes,
            httpAuth: deps.httpAuth,
            authorizer,
            logger,
            readiness: new Readiness(
              [
                storeReadinessCheck(deps.database),
                ...clusters.map(({ name, client }) =>
                  clusterReadinessCheck(name, client),
                ),
              ],
              {
                onFailure: (name, error) =>
                  logger.warn(`Readiness: ${name} is not reachable: ${error}`),
              },
            ),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
