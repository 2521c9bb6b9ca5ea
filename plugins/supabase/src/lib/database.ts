import { ProjectDatabase } from '@supabase-backstage/plugin-supabase-common';

/**
 * The project's database in a few words: its name and whether the plugin
 * created it, e.g. `supabase_team_a_shop (created for the project)`.
 */
export function describeDatabase(database: ProjectDatabase | undefined) {
  if (!database) return 'unknown';
  const origin = database.createdByPlugin
    ? 'created for the project'
    : 'an existing database';
  return database.name
    ? `${database.name} (${origin})`
    : `${origin}; its name shows once it is initialized`;
}
