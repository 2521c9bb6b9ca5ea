/**
 * The `supabase:project:create` scaffolder action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSupabase as default } from './module';
