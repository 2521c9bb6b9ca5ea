import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ProjectListState, createProjectListRouter } from './projectListRouter';

/**
 * A `supabase` backend plugin that serves `GET /projects` from `state`
 * through the test backend's real HTTP stack and real service-to-service
 * auth, and records who called it.
 */
export function createFakeSupabasePlugin(state: ProjectListState) {
  const callers: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'supabase',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(
            createProjectListRouter(state, async req => {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              callers.push(credentials.principal.subject);
            }),
          );
        },
      });
    },
  });
  return { plugin, callers };
}
