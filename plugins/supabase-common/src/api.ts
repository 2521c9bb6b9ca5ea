import { ProjectPhase } from './phases';
import { ProjectEvent, ProjectSpec, SupabaseProject } from './project';

/** Body of `POST /projects`. @public */
export interface CreateProjectRequest {
  namespace: string;
  name: string;
  spec: ProjectSpec;
}

/**
 * Body of `PATCH /projects/:namespace/:name`: the whole new spec. A project
 * cannot be renamed or moved; `namespace` and `name`, if given, must be the
 * project's own. @public
 */
export interface UpdateProjectRequest {
  namespace?: string;
  name?: string;
  spec: ProjectSpec;
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

/** The annotation that links a catalog entity to a project. @public */
export const SUPABASE_PROJECT_ANNOTATION = 'supabase.com/project';

/** The annotation with the name of a project's database, once known. @public */
export const SUPABASE_DATABASE_ANNOTATION = 'supabase.com/database';
