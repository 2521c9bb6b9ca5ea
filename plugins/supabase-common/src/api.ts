import { ProjectPhase } from './phases';
import { ProjectEvent, SupabaseProject } from './project';
import { ProjectSpec } from './projectSpec';

/** Body of `POST /projects`. @public */
export interface CreateProjectRequest {
  namespace: string;
  name: string;
  spec: ProjectSpec;
  /**
   * Entity ref of the owner, usually a Group (`group:default/team-a`); the
   * creating user when omitted.
   */
  owner?: string;
}

/**
 * Body of `PATCH /projects/:namespace/:name`: the whole new spec, a new
 * owner (an entity ref), or both. A project cannot be renamed or moved;
 * `namespace` and `name`, if given, must be the project's own. @public
 */
export interface UpdateProjectRequest {
  namespace?: string;
  name?: string;
  spec?: ProjectSpec;
  owner?: string;
}

/** Query of `GET /projects`. @public */
export interface ListProjectsQuery {
  namespace?: string;
  phase?: ProjectPhase;
  owner?: string;
  /** Substring of the name. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** Answer of `GET /projects`. @public */
export interface ListProjectsResponse {
  items: SupabaseProject[];
  totalCount: number;
}

/** Answer of `GET /projects/:namespace/:name/events`. @public */
export interface ListEventsResponse {
  items: ProjectEvent[];
}

/**
 * Server-Sent Events of `GET /projects/:namespace/:name/db-init/logs`.
 *
 * - `log`: `{ attempt, offset, text }`; the SSE id is `<attempt>:<end offset>`
 *   so a reconnecting client resumes with `Last-Event-ID` without duplicates.
 * - `attempt`: `{ attempt, state }` when an attempt starts or finishes.
 * - `end`: nothing more will come for the requested attempt(s).
 *
 * @public
 */
export interface LogChunkEvent {
  attempt: number;
  offset: number;
  text: string;
}

/**
 * Server-Sent Events of `GET /stream`: `project` (a SupabaseProject) on every
 * change, `event` (a ProjectEvent plus `namespace` and `name`), and `deleted`
 * (`{ namespace, name }`).
 *
 * @public
 */
export type ProjectStreamEvent =
  | { type: 'project'; project: SupabaseProject }
  | {
      type: 'event';
      namespace: string;
      name: string;
      event: ProjectEvent;
    }
  | { type: 'deleted'; namespace: string; name: string };

/**
 * What `POST /projects/:namespace/:name/secrets/:secret/reveal` reveals:
 * the database connection string for an app, the service_role key, or
 * Studio's dashboard credentials. @public
 */
export const PROJECT_SECRETS = [
  'connectionString',
  'serviceRoleKey',
  'studioCredentials',
] as const;

/** One of PROJECT_SECRETS. @public */
export type ProjectSecretName = (typeof PROJECT_SECRETS)[number];

/**
 * Answer of a secret reveal: `value` for a single value, `username` and
 * `password` for Studio's dashboard credentials. @public
 */
export interface RevealedSecret {
  secret: ProjectSecretName;
  value?: string;
  username?: string;
  password?: string;
}

/** The annotation that links a catalog entity to a project. @public */
export const SUPABASE_PROJECT_ANNOTATION = 'supabase.com/project';

/** The annotation with the name of a project's database, once known. @public */
export const SUPABASE_DATABASE_ANNOTATION = 'supabase.com/database';
