import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SupabaseClient, supabaseApiRef } from './api';
import { createProjectRouteRef, projectRouteRef, rootRouteRef } from './routes';

/** The Supabase frontend plugin (legacy frontend system). @public */
export const supabasePlugin = createPlugin({
  id: 'supabase',
  apis: [
    createApiFactory({
      api: supabaseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SupabaseClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, project: projectRouteRef },
  externalRoutes: { createProject: createProjectRouteRef },
});

/**
 * The projects page and, below it, each project's page. Mount it at
 * `/supabase`.
 *
 * @public
 */
export const SupabasePage = supabasePlugin.provide(
  createRoutableExtension({
    name: 'SupabasePage',
    component: () => import('./components/Router').then(m => m.SupabaseRouter),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity page tab of an entity annotated `supabase.com/project`. Guard it
 * with `isSupabaseAvailable` in an `EntitySwitch`.
 *
 * @public
 */
export const EntitySupabaseContent = supabasePlugin.provide(
  createComponentExtension({
    name: 'EntitySupabaseContent',
    component: {
      lazy: () =>
        import('./components/EntitySupabaseContent').then(
          m => m.EntitySupabaseContent,
        ),
    },
  }),
);

/** The entity overview card of an annotated entity. @public */
export const EntitySupabaseCard = supabasePlugin.provide(
  createComponentExtension({
    name: 'EntitySupabaseCard',
    component: {
      lazy: () =>
        import('./components/EntitySupabaseCard').then(
          m => m.EntitySupabaseCard,
        ),
    },
  }),
);
