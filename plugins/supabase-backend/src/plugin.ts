import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { supabasePermissions } from '@supabase-backstage/plugin-supabase-common';
import { createRouter } from './service/router';

/**
 * The `supabase` backend plugin: provisions self-hosted Supabase projects on
 * Kubernetes.
 *
 * @public
 */
export const supabasePlugin = createBackendPlugin({
  pluginId: 'supabase',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(supabasePermissions);
        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
