/**
 * The Supabase services a project runs on the cluster, in the order they are
 * shown. `functions` (edge runtime) is optional and off by default.
 *
 * @public
 */
export const SUPABASE_COMPONENTS = [
  'kong',
  'auth',
  'rest',
  'realtime',
  'storage',
  'meta',
  'studio',
  'functions',
] as const;

/** @public */
export type SupabaseComponentName = (typeof SUPABASE_COMPONENTS)[number];
