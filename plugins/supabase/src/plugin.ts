import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/** The Supabase frontend plugin (legacy frontend system). @public */
export const supabasePlugin = createPlugin({
  id: 'supabase',
  routes: { root: rootRouteRef },
});

/** The projects page. @public */
export const SupabasePage = supabasePlugin.provide(
  createRoutableExtension({
    name: 'SupabasePage',
    component: () =>
      import('./components/SupabasePage').then(m => m.SupabasePage),
    mountPoint: rootRouteRef,
  }),
);
