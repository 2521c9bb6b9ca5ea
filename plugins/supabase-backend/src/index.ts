/**
 * The `supabase` backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { supabasePlugin as default } from './plugin';
