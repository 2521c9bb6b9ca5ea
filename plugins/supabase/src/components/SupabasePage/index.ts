export { SupabasePage } from './SupabasePage';
