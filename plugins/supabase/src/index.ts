/**
 * Supabase projects in Backstage.
 *
 * @packageDocumentation
 */
export { supabasePlugin, SupabasePage } from './plugin';
export { rootRouteRef } from './routes';
