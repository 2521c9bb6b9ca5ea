export { SupabaseErrorPanel, statusOf } from './SupabaseErrorPanel';
