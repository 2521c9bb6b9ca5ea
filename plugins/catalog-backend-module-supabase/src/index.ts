/**
 * A catalog module that publishes every Supabase project as a `Resource`.
 *
 * @packageDocumentation
 */
export { catalogModuleSupabase as default } from './module';
export {
  SupabaseProjectEntityProvider,
  type SupabaseProjectEntityProviderOptions,
  type SupabaseProjectsSource,
} from './providers/SupabaseProjectEntityProvider';
export { SupabaseProjectsReader } from './providers/SupabaseProjectsReader';
export {
  SUPABASE_PROJECT_RESOURCE_TYPE,
  projectEntityName,
  projectToEntity,
  type ProjectEntityOptions,
  type SupabaseProjectEntity,
} from './providers/projectEntity';
export {
  DEFAULT_LIFECYCLE,
  DEFAULT_OWNER,
  DEFAULT_SCHEDULE,
  type SupabaseProviderConfig,
} from './providers/config';
