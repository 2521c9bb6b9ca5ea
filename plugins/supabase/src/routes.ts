import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** The projects page, `/supabase` by default. @public */
export const rootRouteRef = createRouteRef({ id: 'supabase' });

/** One project's page, below the projects page. @public */
export const projectRouteRef = createSubRouteRef({
  id: 'supabase/project',
  parent: rootRouteRef,
  path: '/:namespace/:name',
});

/**
 * Where "Create project" leads. Bind it to the scaffolder's template page to
 * change the target; unbound, the button opens
 * {@link DEFAULT_CREATE_PROJECT_PATH}.
 *
 * @public
 */
export const createProjectRouteRef = createExternalRouteRef({
  id: 'supabase-create-project',
  optional: true,
});

/** The Supabase project software template in the scaffolder. @public */
export const DEFAULT_CREATE_PROJECT_PATH =
  '/create/templates/default/supabase-project';
