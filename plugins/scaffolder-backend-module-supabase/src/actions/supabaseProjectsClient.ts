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
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { parseEventStream } from './parseEventStream';

/** `{ namespace, name }` of a project. */
export interface ProjectRef {
  namespace: string;
  name: string;
}

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
 * Calls the `supabase` backend plugin over HTTP with a plugin-to-plugin
 * token issued on behalf of the task's initiator, so the backend applies the
 * initiator's permissions and records them as the project's owner. Works
 * against any backend reachable through discovery: the same backend process
 * or another deployment.
 */
export class SupabaseProjectsClient implements SupabaseProjectsApi {
  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;

  constructor(options: { auth: AuthService; discovery: DiscoveryService }) {
    this.auth = options.auth;
    this.discovery = options.discovery;
  }

  async createProject(
    request: CreateProjectRequest,
    options: RequestOptions,
  ): Promise<SupabaseProject> {
    const response = await this.call('/projects', options, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.ok) return (await response.json()) as SupabaseProject;
    const error = await ResponseError.fromResponse(response);
    const ref = stringifyProjectRef(request);
    // No `cause`: it would append "Request failed with 409 Conflict" to a
    // message that already says everything, in the task log the user reads.
    if (response.status === 409) {
      throw new ConflictError(`Supabase project ${ref} already exists`);
    }
    if (response.status === 400) {
      throw new InputError(
        `The supabase backend rejected project ${ref}: ${error.body.error.message}`,
      );
    }
    throw error;
  }

  async getProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): Promise<SupabaseProject | undefined> {
    const response = await this.call(
      `/projects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
        ref.name,
      )}`,
      options,
      { method: 'GET' },
    );
    if (response.ok) return (await response.json()) as SupabaseProject;
    if (response.status === 404) {
      // Drain the body so the connection can be reused.
      await response.text().catch(() => '');
      return undefined;
    }
    throw await ResponseError.fromResponse(response);
  }

  async *watchProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): AsyncGenerator<SupabaseProject> {
    const query = new URLSearchParams({
      namespace: ref.namespace,
      name: ref.name,
    });
    // Our own controller closes the connection when the caller stops
    // iterating, whatever the caller's signal does.
    const controller = new AbortController();
    const signal = options.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal;
    try {
      const response = await this.call(
        `/stream?${query}`,
        { ...options, signal },
        { method: 'GET', headers: { Accept: 'text/event-stream' } },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || !response.body) {
        throw new Error(`Expected an event stream, got "${type}"`);
      }
      for await (const message of parseEventStream(response.body)) {
        if (message.event === 'project') {
          const project = JSON.parse(message.data) as SupabaseProject;
          if (
            project.namespace === ref.namespace &&
            project.name === ref.name
          ) {
            yield project;
          }
        } else if (message.event === 'deleted') {
          throw new NotFoundError(
            `Supabase project ${stringifyProjectRef(ref)} was deleted`,
          );
        }
      }
    } finally {
      controller.abort();
    }
  }

  private async call(
    path: string,
    options: RequestOptions,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response> {
    // A fresh token per call: a wait can outlast a single token.
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'supabase',
    });
    const baseUrl = await this.discovery.getBaseUrl('supabase');
    return fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${token}` },
      signal: options.signal,
    });
  }
}
