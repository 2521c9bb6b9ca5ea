import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createSupabaseProjectCreateAction } from './actions/createProject';
import { SupabaseProjectsClient } from './actions/supabaseProjectsClient';

/**
 * Adds the `supabase:project:create` action to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleSupabase = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'supabase',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          createSupabaseProjectCreateAction({
            client: new SupabaseProjectsClient({ auth, discovery }),
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
