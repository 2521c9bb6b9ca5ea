import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateProjectRequest,
  DbInitAttemptState,
  DbInitLogSearchResult,
  DbInitStatus,
  ListEventsResponse,
  ListSigningKeysResponse,
  ListProjectsQuery,
  ListProjectsResponse,
  LogChunkEvent,
  ProjectSecretName,
  ProjectSpec,
  ProjectStreamEvent,
  RevealedSecret,
  SupabaseProject,
  SigningKeyRotation,
} from '@supabase-backstage/plugin-supabase-common';

export type { SigningKeyRotation };

/** How a project is addressed: `<namespace>/<name>`. @public */
export interface ProjectRef {
  namespace: string;
  name: string;
}

/**
 * The state of a Server-Sent Events connection, reported as it changes.
 *
 * - `connecting`: the first request is under way.
 * - `open`: the server answered and events flow.
 * - `reconnecting`: the connection dropped or failed; a retry is scheduled
 *   with backoff.
 *
 * @public
 */
export type StreamConnectionState = 'connecting' | 'open' | 'reconnecting';

/** Which db-init log to stream. @public */
export interface LogStreamRequest {
  /** The db-init run id. */
  run: number;
  /** One attempt; without it, every attempt of the run as they happen. */
  attempt?: number;
}

/** An `attempt` event of the log stream. @public */
export interface LogAttemptUpdate {
  attempt: number;
  state: DbInitAttemptState;
}

/** Receives the db-init log stream. @public */
export interface LogStreamListener {
  /** Log text, never the same range twice, even across reconnections. */
  onLog(chunk: LogChunkEvent): void;
  /** An attempt started or finished. */
  onAttempt?(update: LogAttemptUpdate): void;
  onConnectionChange?(state: StreamConnectionState, error?: Error): void;
}

/** Receives the project status stream. @public */
export interface ProjectStreamListener {
  onEvent(event: ProjectStreamEvent): void;
  /**
   * Events sent while the connection was down are lost, so a listener
   * should reload what it shows when the state becomes `open` again.
   */
  onConnectionChange?(state: StreamConnectionState, error?: Error): void;
}

/** Which projects the status stream reports on; empty means all. @public */
export interface ProjectStreamFilter {
  namespace?: string;
  name?: string;
}

/**
 * How a stream finished: `ended` when the server said nothing more will come,
 * `aborted` when the caller's signal stopped it.
 *
 * @public
 */
export type StreamResult = 'ended' | 'aborted';

/**
 * The Supabase backend's REST API, as the frontend uses it. Every method goes
 * through Backstage's fetch API, so the user's credentials are sent; failures
 * reject with a `ResponseError` from `@backstage/errors`.
 *
 * @public
 */

export interface SupabaseApi {
  listProjects(query?: ListProjectsQuery): Promise<ListProjectsResponse>;
  getProject(ref: ProjectRef): Promise<SupabaseProject>;
  createProject(request: CreateProjectRequest): Promise<SupabaseProject>;
  /**
   * Replaces the project's spec with `spec` (the whole new spec, not a
   * patch of it); the pipeline rolls the change out. Rejects with 400 for
   * an invalid spec or a missing Secret, 409 when the project was changed
   * meanwhile or is being deleted.
   */
  updateProject(ref: ProjectRef, spec: ProjectSpec): Promise<SupabaseProject>;
  /** Starts deletion; the project answers in phase `Deleting`. */
  deleteProject(ref: ProjectRef): Promise<SupabaseProject>;
  /** Retries a Failed project. */
  retryProject(ref: ProjectRef): Promise<SupabaseProject>;
  /**
   * Gives a Running project a new JWT secret and re-signed keys; the
   * database and the components follow. 409 when it is not Running.
   */
  rotateJwtSecret(ref: ProjectRef): Promise<SupabaseProject>;
  /**
   * Gives the database roles a Running project's components use new
   * passwords; the database and the components follow. 409 when it is not
   * Running.
   */
  rotateRolePasswords(ref: ProjectRef): Promise<SupabaseProject>;
  /** The project's ES256 signing keys and their states; no private part. */
  listSigningKeys(ref: ProjectRef): Promise<ListSigningKeysResponse>;
  /**
   * One step of a signing-key rotation on a Running project: a standby
   * key, making a key current, or revoking a previous one. Each is a
   * timeline event and a rollout. 409 when the step does not fit.
   */
  rotateSigningKey(
    ref: ProjectRef,
    step: SigningKeyRotation,
  ): Promise<SupabaseProject>;
  /**
   * Reveals one of the project's secrets (connection string, service_role
   * key, Studio's dashboard credentials). Needs the permission
   * `supabase.project.secrets.read` on the project; every reveal is audited.
   */
  revealSecret(
    ref: ProjectRef,
    secret: ProjectSecretName,
  ): Promise<RevealedSecret>;
  /** The project's timeline, oldest first. */
  listEvents(ref: ProjectRef): Promise<ListEventsResponse>;
  getDbInitStatus(ref: ProjectRef): Promise<DbInitStatus>;
  /** One attempt's whole log as plain text (live or archived). */
  getDbInitLog(ref: ProjectRef, run: number, attempt: number): Promise<string>;
  /** A page of the lines of an attempt's archived log that contain `query`. */
  searchDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    search: { query: string; offset?: number; limit?: number },
  ): Promise<DbInitLogSearchResult>;
  /**
   * Follows a db-init log. Reconnects with backoff and resumes where it left
   * off. Resolves when the server ends the stream or `signal` aborts it;
   * rejects on an error that retrying cannot fix (403, 404, ...).
   */
  streamDbInitLogs(
    ref: ProjectRef,
    request: LogStreamRequest,
    listener: LogStreamListener,
    options: { signal: AbortSignal },
  ): Promise<StreamResult>;
  /**
   * Follows project changes until `signal` aborts it. Reconnects with
   * backoff; rejects on an error that retrying cannot fix.
   */
  streamProjects(
    filter: ProjectStreamFilter,
    listener: ProjectStreamListener,
    options: { signal: AbortSignal },
  ): Promise<StreamResult>;
}

/** @public */
export const supabaseApiRef = createApiRef<SupabaseApi>({
  id: 'plugin.supabase.service',
});
