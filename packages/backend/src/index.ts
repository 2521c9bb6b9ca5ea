import { createBackend } from '@backstage/backend-defaults';
import { createLocalDemo } from './localDemo';

const backend = createBackend();

// The demo's local cluster and PostgreSQL (`localDemo` in app-config.yaml),
// handed to every plugin as a cluster under kubernetes.clusterLocatorMethods.
const localDemo = createLocalDemo();
backend.add(localDemo.rootConfig);
backend.add(localDemo.plugin);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: the guest provider, enough for the local demo.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// The event bus that the catalog, signals and the scaffolder publish to and
// subscribe on; without it each of them logs "events backend not found".
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Owners manage their Supabase projects; see permissionPolicy.ts.
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Backstage's Kubernetes plugin: each Supabase project entity's Kubernetes
// tab, from the clusters under `kubernetes` in app-config.yaml.
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Supabase for Backstage
backend.add(import('@supabase-backstage/plugin-supabase-backend'));
backend.add(
  import('@supabase-backstage/plugin-scaffolder-backend-module-supabase'),
);
backend.add(
  import('@supabase-backstage/plugin-catalog-backend-module-supabase'),
);

backend.start();
