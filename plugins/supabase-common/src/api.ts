import { ProjectEvent, SupabaseProject } from './project';
import { ProjectSpec } from './projectSpec';
import { ApiSchemas } from './schema/apiSchemas';
import { operations } from './schema/openapi/generated/types';

/** Body of `POST /projects`. @public */
export type CreateProjectRequest = Omit<
  ApiSchemas['CreateProjectRequest'],
  'spec'
> & { spec: ProjectSpec };

/**
 * Body of `PATCH /projects/:namespace/:name`: the whole new spec, a new
 * owner (an entity ref), or both. A project cannot be renamed or moved;
 * `namespace` and `name`, if given, must be the project's own. @public
 */
export type UpdateProjectRequest = Omit<
  ApiSchemas['UpdateProjectRequest'],
  'spec'
> & { spec?: ProjectSpec };

/** Query of `GET /projects`. @public */
export type ListProjectsQuery = NonNullable<
  operations['ListProjects']['parameters']['query']
>;

/** Answer of `GET /projects`. @public */
export type ListProjectsResponse = Omit<
  ApiSchemas['ListProjectsResponse'],
  'items'
> & { items: SupabaseProject[] };

/** Answer of `GET /projects/:namespace/:name/events`. @public */
export type ListEventsResponse = ApiSchemas['ListEventsResponse'];

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
export type LogChunkEvent = ApiSchemas['LogChunkEvent'];

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
 * the database connection string for an app, the service_role key (while
 * the legacy keys are on), Studio's dashboard credentials, or the secret
 * key (`sb_secret_…`). @public
 */
export const PROJECT_SECRETS = [
  'connectionString',
  'serviceRoleKey',
  'studioCredentials',
  'secretKey',
] as const;

/** One of PROJECT_SECRETS. @public */
export type ProjectSecretName = (typeof PROJECT_SECRETS)[number];

/**
 * Answer of a secret reveal: `value` for a single value, `username` and
 * `password` for Studio's dashboard credentials. @public
 */
export type RevealedSecret = ApiSchemas['RevealedSecret'];

/**
 * One of a project's ES256 signing keys, as `GET
 * /projects/:namespace/:name/signing-keys` lists it: never a private part.
 * @public
 */
export type SigningKeyInfo = ApiSchemas['SigningKeyInfo'];

/**
 * Answer of `GET /projects/:namespace/:name/signing-keys`. A rotation goes
 * `POST …/signing-keys` (a standby key, published before it signs), `POST
 * …/signing-keys/:kid/make-current` (Auth signs with it; the one before
 * becomes previous and still verifies), `POST …/signing-keys/:kid/revoke`
 * (a previous key verifies nothing from then on). @public
 */
export type ListSigningKeysResponse = ApiSchemas['ListSigningKeysResponse'];

/** A step of a signing-key rotation (see ListSigningKeysResponse). @public */
export type SigningKeyRotation =
  | { step: 'create-standby' }
  | { step: 'make-current'; kid: string }
  | { step: 'revoke'; kid: string };

/** The annotation that links a catalog entity to a project. @public */
export const SUPABASE_PROJECT_ANNOTATION = 'supabase.com/project';

/** The annotation with the name of a project's database, once known. @public */
export const SUPABASE_DATABASE_ANNOTATION = 'supabase.com/database';
