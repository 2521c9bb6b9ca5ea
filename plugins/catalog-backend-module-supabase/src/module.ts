import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { SupabaseProjectEntityProvider } from './providers/SupabaseProjectEntityProvider';

/**
 * Adds the {@link SupabaseProjectEntityProvider} to the catalog: every
 * Supabase project becomes a `Resource` of type `supabase-project`.
 *
 * @public
 */
export const catalogModuleSupabase = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'supabase',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, auth, discovery, logger, scheduler }) {
        catalog.addEntityProvider(
          SupabaseProjectEntityProvider.fromConfig(config, {
            auth,
            discovery,
            logger,
            scheduler,
          }),
        );
      },
    });
  },
});
