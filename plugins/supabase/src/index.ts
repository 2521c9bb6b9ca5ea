/**
 * Supabase projects in Backstage: the projects page, each project's phase
 * timeline, db-init Job, live logs, components and endpoints, and the catalog
 * entity tab and card. The new frontend system's plugin is in `./alpha`.
 *
 * @packageDocumentation
 */
export {
  supabasePlugin,
  SupabasePage,
  EntitySupabaseContent,
  EntitySupabaseCard,
} from './plugin';
export {
  rootRouteRef,
  projectRouteRef,
  createProjectRouteRef,
  DEFAULT_CREATE_PROJECT_PATH,
} from './routes';
export { isSupabaseAvailable } from './lib/entity';
export * from './api';
