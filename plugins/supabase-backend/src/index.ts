/**
 * The `supabase` backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { supabasePlugin as default } from './plugin';
export * from './permissions';
export type { ProjectFilter, ProjectRecord } from './database/ProjectStore';
