import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { readLocalDemoSettings } from './readLocalDemoSettings';
import { LocalDemo, startLocalDemo } from './startLocalDemo';

/**
 * The demo's key for the projects' generated keys when none is configured:
 * the local cluster and its database are throwaway, and so is what this key
 * protects. Anything else configures `supabase.secretsEncryptionKey`.
 */
const DEMO_ENCRYPTION_KEY =
  'supabase-backstage-local-demo-key-not-for-production';

/**
 * The demo's own wiring, like the `dev/` folders of Backstage's plugins: when
 * `localDemo` is configured, the root config starts the local cluster and a
 * throwaway PostgreSQL first and adds the cluster to
 * `kubernetes.clusterLocatorMethods` as an ordinary `config` cluster, which
 * every plugin then reads as an adopter's cluster (docs/decisions/0017).
 * The `local-demo` plugin logs what runs and stops it when the plugins stop.
 */
export function createLocalDemo() {
  let demo: LocalDemo | undefined;
  let demoKey = false;

  const rootConfig = createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    async factory() {
      const source = ConfigSources.default({});
      const configured = await ConfigSources.toConfig(source);
      const settings = readLocalDemoSettings(configured);
      if (!settings) return configured;
      // Read again below, with the demo's cluster over it.
      configured.close();
      demo = await startLocalDemo(settings);
      demoKey = !configured.has('supabase.secretsEncryptionKey');
      const overlay = StaticConfigSource.create({
        data: demoConfig(configured, demo.cluster, demoKey),
        context: 'local-demo',
      });
      return ConfigSources.toConfig(ConfigSources.merge([source, overlay]));
    },
  });

  const plugin = createBackendPlugin({
    pluginId: 'local-demo',
    register(env) {
      env.registerInit({
        deps: {
          logger: coreServices.logger,
          lifecycle: coreServices.lifecycle,
        },
        async init({ logger, lifecycle }) {
          if (!demo) return;
          const running = demo;
          logger.warn(running.description);
          if (demoKey) {
            logger.warn(
              "supabase.secretsEncryptionKey is not set: the demo encrypts the projects' keys with its demo key. Set one for anything but a demo.",
            );
          }
          // With the plugins' own shutdown, before the HTTP server closes:
          // a root hook would keep the process alive after the server has
          // cut the event bus's long polls, and every poller would log it.
          lifecycle.addShutdownHook(() => running.stop());
        },
      });
    },
  });

  return { rootConfig, plugin };
}

/** What the demo adds to the configuration: its cluster first, the default. */
function demoConfig(
  configured: Config,
  cluster: JsonObject,
  demoKey: boolean,
): JsonObject {
  const methods =
    configured.getOptional<JsonObject[]>('kubernetes.clusterLocatorMethods') ??
    [];
  return {
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'config', clusters: [cluster] },
        ...methods,
      ],
    },
    ...(demoKey
      ? { supabase: { secretsEncryptionKey: DEMO_ENCRYPTION_KEY } }
      : {}),
  };
}
