/**
 * The db-init SQL set and its runner, for the supabase backend plugin.
 *
 * @packageDocumentation
 */
export { loadSqlSet } from './loadSqlSet';
export type { SqlFile, SqlSet } from './loadSqlSet';
