export { SupabaseRouter } from './SupabaseRouter';
