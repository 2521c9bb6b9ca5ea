import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The Supabase project entity provider: every project of the
       * `supabase` backend plugin as a catalog Resource.
       */
      supabase?: {
        /**
         * How often the projects are read; default every 30 seconds with a
         * 1 minute timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Owner of projects that no user created, as an entity ref; a bare
         * name is a group in the default namespace. Default
         * `group:default/platform`.
         */
        defaultOwner?: string;
        /** `spec.lifecycle` of the project entities; default `experimental`. */
        lifecycle?: string;
      };
    };
  };
}
