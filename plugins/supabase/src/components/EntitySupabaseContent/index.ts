export { EntitySupabaseContent } from './EntitySupabaseContent';
