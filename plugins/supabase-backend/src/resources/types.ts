import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';

/** What the builders need to know of a project. */
export type ProjectObjectInput = Pick<
  SupabaseProject,
  'namespace' | 'name' | 'uid' | 'spec' | 'owner'
>;

/** The db-init SQL set as the backend ships it (see `@supabase-backstage/sql`). */
export interface DbInitScripts {
  files: Array<{ name: string; content: string; checksum: string }>;
  /** run-migrations.sh */
  runner: string;
  /** Every file concatenated in order, for manual execution. */
  initSql: string;
  /** A hash over the whole set. */
  version: string;
}
