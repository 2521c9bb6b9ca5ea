export { EntitySupabaseCard } from './EntitySupabaseCard';
