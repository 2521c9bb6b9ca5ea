import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions();
      },
    });
  },
});
