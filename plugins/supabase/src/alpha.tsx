import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import { SupabaseClient, supabaseApiRef } from './api';
import { isSupabaseAvailable } from './lib/entity';
import { createProjectRouteRef, projectRouteRef, rootRouteRef } from './routes';

const supabaseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: supabaseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SupabaseClient({ discoveryApi, fetchApi }),
    }),
});

// One page with its own routes: the projects table at its root and each
// project below it. The title and icon make it a sidebar item.
const supabasePage = PageBlueprint.make({
  params: {
    path: '/supabase',
    routeRef: rootRouteRef,
    title: 'Supabase',
    icon: <StorageIcon fontSize="inherit" />,
    // The pages draw their own Backstage header, with the project's phase.
    noHeader: true,
    loader: () => import('./components/Router').then(m => <m.SupabaseRouter />),
  },
});

const entitySupabaseContent = EntityContentBlueprint.make({
  params: {
    path: 'supabase',
    title: 'Supabase',
    filter: isSupabaseAvailable,
    loader: () =>
      import('./components/EntitySupabaseContent').then(m => (
        <m.EntitySupabaseContent />
      )),
  },
});

const entitySupabaseCard = EntityCardBlueprint.make({
  params: {
    filter: isSupabaseAvailable,
    loader: () =>
      import('./components/EntitySupabaseCard').then(m => (
        <m.EntitySupabaseCard />
      )),
  },
});

/**
 * The Supabase frontend plugin for the new frontend system: the Supabase
 * page (a sidebar item), its API, and for entities annotated
 * `supabase.com/project`, an entity tab and an overview card.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'supabase',
  title: 'Supabase',
  icon: <StorageIcon fontSize="inherit" />,
  routes: { root: rootRouteRef, project: projectRouteRef },
  externalRoutes: { createProject: createProjectRouteRef },
  extensions: [
    supabaseApi,
    supabasePage,
    entitySupabaseContent,
    entitySupabaseCard,
  ],
});
