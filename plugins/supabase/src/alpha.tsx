import {
  PageBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { rootRouteRef } from './routes';

const supabaseProjectsPage = PageBlueprint.make({
  params: {
    path: '/supabase',
    routeRef: rootRouteRef,
    title: 'Supabase',
    icon: <StorageIcon fontSize="inherit" />,
    loader: () =>
      import('./components/SupabasePage').then(m => <m.SupabasePage />),
  },
});

/**
 * The Supabase frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'supabase',
  title: 'Supabase',
  icon: <StorageIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [supabaseProjectsPage],
});
