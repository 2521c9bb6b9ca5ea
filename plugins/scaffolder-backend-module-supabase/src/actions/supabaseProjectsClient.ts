import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  CreateProjectRequest,
  ProjectRef,
  SupabaseApiClient,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';

export type { ProjectRef };

/** Who a call is made for, and how to give up on it. */
export interface RequestOptions {
  /** The task initiator's credentials; the backend checks their permissions. */
  credentials: BackstageCredentials;
  signal?: AbortSignal;
}

/**
 * The part of the `supabase` backend's REST API the action uses. An
 * interface, so tests can stand in for the backend at this boundary.
 */
export interface SupabaseProjectsApi {
  /**
   * `POST /projects`. Throws ConflictError when the project exists and
   * InputError when the backend rejects the request.
   */
  createProject(
    request: CreateProjectRequest,
    options: RequestOptions,
  ): Promise<SupabaseProject>;
  /** `GET /projects/:namespace/:name`; undefined when there is none. */
  getProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): Promise<SupabaseProject | undefined>;
  /**
   * `GET /stream?namespace=&name=`: the project's state now and on every
   * change. Throws NotFoundError when the project is deleted; ends when the
   * server closes the stream.
   */
  watchProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): AsyncIterable<SupabaseProject>;
}

/**
 * Calls the `supabase` backend plugin through the REST API's generated
 * client, with a plugin-to-plugin token issued on behalf of the task's
 * initiator, so the backend applies the initiator's permissions and records
 * them as the project's owner. Works against any backend reachable through
 * discovery: the same backend process or another deployment.
 */
export class SupabaseProjectsClient implements SupabaseProjectsApi {
  private readonly auth: AuthService;
  private readonly api: SupabaseApiClient;

  constructor(options: { auth: AuthService; discovery: DiscoveryService }) {
    this.auth = options.auth;
    this.api = new SupabaseApiClient({ discoveryApi: options.discovery });
  }

  async createProject(
    request: CreateProjectRequest,
    options: RequestOptions,
  ): Promise<SupabaseProject> {
    try {
      return await this.api.createProject(
        request,
        await this.requestOptions(options),
      );
    } catch (error) {
      if (!(error instanceof ResponseError)) throw error;
      const ref = stringifyProjectRef(request);
      // No `cause`: it would append "Request failed with 409 Conflict" to a
      // message that already says everything, in the task log the user reads.
      if (error.statusCode === 409) {
        throw new ConflictError(`Supabase project ${ref} already exists`);
      }
      if (error.statusCode === 400) {
        throw new InputError(
          `The supabase backend rejected project ${ref}: ${error.body.error.message}`,
        );
      }
      throw error;
    }
  }

  async getProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): Promise<SupabaseProject | undefined> {
    try {
      return await this.api.getProject(ref, await this.requestOptions(options));
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async *watchProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): AsyncGenerator<SupabaseProject> {
    const messages = this.api.streamProjects(
      ref,
      await this.requestOptions(options),
    );
    for await (const message of messages) {
      if (message.event === 'project') {
        const project = JSON.parse(message.data) as SupabaseProject;
        if (project.namespace === ref.namespace && project.name === ref.name) {
          yield project;
        }
      } else if (message.event === 'deleted') {
        throw new NotFoundError(
          `Supabase project ${stringifyProjectRef(ref)} was deleted`,
        );
      }
    }
  }

  /** A fresh token per call: a wait can outlast a single token. */
  private async requestOptions(options: RequestOptions) {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'supabase',
    });
    return { token, signal: options.signal };
  }
}
