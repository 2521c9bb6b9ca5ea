/**
 * Types, phases and permissions shared by the Supabase for Backstage plugins.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './components';
export * from './database';
export * from './dbInit';
export * from './endpoints';
export * from './names';
export * from './permissions';
export * from './phases';
export * from './project';
export * from './projectFailure';
export * from './projectSpec';
export * from './specLimits';
export * from './client/SupabaseApiClient';
