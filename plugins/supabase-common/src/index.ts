/**
 * Types, phases and permissions shared by the Supabase for Backstage plugins.
 *
 * @packageDocumentation
 */
export * from './phases';
export * from './permissions';
