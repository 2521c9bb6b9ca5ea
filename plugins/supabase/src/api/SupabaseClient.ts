import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateProjectRequest,
  DbInitLogSearchResult,
  DbInitStatus,
  ListEventsResponse,
  ListSigningKeysResponse,
  ListProjectsQuery,
  ListProjectsResponse,
  LogChunkEvent,
  ProjectEvent,
  ProjectSecretName,
  ProjectSpec,
  RevealedSecret,
  SupabaseProject,
  UpdateProjectRequest,
} from '@supabase-backstage/plugin-supabase-common';
import {
  DEFAULT_STREAM_BACKOFF,
  StreamBackoff,
  openEventStream,
  parseEventData,
} from './eventStream';
import { LogOffsetTracker } from './LogOffsetTracker';
import {
  LogAttemptUpdate,
  LogStreamListener,
  LogStreamRequest,
  ProjectRef,
  ProjectStreamFilter,
  ProjectStreamListener,
  SigningKeyRotation,
  StreamResult,
  SupabaseApi,
} from './SupabaseApi';

/** Options of {@link SupabaseClient}. @public */
export interface SupabaseClientOptions {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
  /** Reconnection delays of the event streams. */
  streamBackoff?: Partial<StreamBackoff>;
}

function projectPath(ref: ProjectRef): string {
  return `/projects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.name,
  )}`;
}

function queryString(
  params: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The {@link SupabaseApi} over HTTP, through Backstage's discovery and fetch
 * APIs.
 *
 * @public
 */
export class SupabaseClient implements SupabaseApi {
  private readonly discoveryApi: SupabaseClientOptions['discoveryApi'];
  private readonly fetchApi: SupabaseClientOptions['fetchApi'];
  private readonly backoff: StreamBackoff;

  constructor(options: SupabaseClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.backoff = { ...DEFAULT_STREAM_BACKOFF, ...options.streamBackoff };
  }

  listProjects(query: ListProjectsQuery = {}): Promise<ListProjectsResponse> {
    return this.json(`/projects${queryString({ ...query })}`);
  }

  getProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.json(projectPath(ref));
  }

  createProject(request: CreateProjectRequest): Promise<SupabaseProject> {
    return this.json('/projects', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  updateProject(ref: ProjectRef, spec: ProjectSpec): Promise<SupabaseProject> {
    const request: UpdateProjectRequest = { spec };
    return this.json(projectPath(ref), {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  deleteProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.json(projectPath(ref), { method: 'DELETE' });
  }

  retryProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.json(`${projectPath(ref)}/retry`, { method: 'POST' });
  }

  rotateJwtSecret(ref: ProjectRef): Promise<SupabaseProject> {
    return this.json(`${projectPath(ref)}/rotate-jwt-secret`, {
      method: 'POST',
    });
  }

  listSigningKeys(ref: ProjectRef): Promise<ListSigningKeysResponse> {
    return this.json(`${projectPath(ref)}/signing-keys`);
  }

  rotateSigningKey(
    ref: ProjectRef,
    step: SigningKeyRotation,
  ): Promise<SupabaseProject> {
    const path =
      step.step === 'create-standby'
        ? ''
        : `/${encodeURIComponent(step.kid)}/${step.step}`;
    return this.json(`${projectPath(ref)}/signing-keys${path}`, {
      method: 'POST',
    });
  }

  rotateRolePasswords(ref: ProjectRef): Promise<SupabaseProject> {
    return this.json(`${projectPath(ref)}/rotate-role-passwords`, {
      method: 'POST',
    });
  }

  revealSecret(
    ref: ProjectRef,
    secret: ProjectSecretName,
  ): Promise<RevealedSecret> {
    return this.json(
      `${projectPath(ref)}/secrets/${encodeURIComponent(secret)}/reveal`,
      { method: 'POST' },
    );
  }

  listEvents(ref: ProjectRef): Promise<ListEventsResponse> {
    return this.json(`${projectPath(ref)}/events`);
  }

  getDbInitStatus(ref: ProjectRef): Promise<DbInitStatus> {
    return this.json(`${projectPath(ref)}/db-init`);
  }

  async getDbInitLog(
    ref: ProjectRef,
    run: number,
    attempt: number,
  ): Promise<string> {
    const response = await this.request(
      `${projectPath(ref)}/db-init/runs/${run}/attempts/${attempt}/log`,
    );
    return response.text();
  }

  async searchDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    search: { query: string; offset?: number; limit?: number },
  ): Promise<DbInitLogSearchResult> {
    const response = await this.request(
      `${projectPath(ref)}/db-init/runs/${target.run}/attempts/${
        target.attempt
      }/log/search${queryString({
        q: search.query,
        offset: search.offset,
        limit: search.limit,
      })}`,
    );
    return response.json();
  }

  async streamDbInitLogs(
    ref: ProjectRef,
    request: LogStreamRequest,
    listener: LogStreamListener,
    options: { signal: AbortSignal },
  ): Promise<StreamResult> {
    const tracker = new LogOffsetTracker();
    return openEventStream({
      url: await this.url(
        `${projectPath(ref)}/db-init/logs${queryString({
          run: request.run,
          attempt: request.attempt,
        })}`,
      ),
      fetch: this.fetchApi.fetch,
      signal: options.signal,
      backoff: this.backoff,
      onConnectionChange: listener.onConnectionChange,
      onMessage: message => {
        if (message.event === 'end') {
          return 'stop';
        }
        if (message.event === 'log') {
          const chunk = parseEventData<LogChunkEvent>(message);
          const fresh = chunk && tracker.accept(chunk);
          if (fresh) {
            listener.onLog(fresh);
          }
        } else if (message.event === 'attempt') {
          const update = parseEventData<LogAttemptUpdate>(message);
          if (update) {
            listener.onAttempt?.(update);
          }
        }
        return 'continue';
      },
    });
  }

  async streamProjects(
    filter: ProjectStreamFilter,
    listener: ProjectStreamListener,
    options: { signal: AbortSignal },
  ): Promise<StreamResult> {
    return openEventStream({
      url: await this.url(`/stream${queryString({ ...filter })}`),
      fetch: this.fetchApi.fetch,
      signal: options.signal,
      backoff: this.backoff,
      onConnectionChange: listener.onConnectionChange,
      onMessage: message => {
        if (message.event === 'project') {
          const project = parseEventData<SupabaseProject>(message);
          if (project) {
            listener.onEvent({ type: 'project', project });
          }
        } else if (message.event === 'event') {
          const data = parseEventData<{
            namespace: string;
            name: string;
            event: ProjectEvent;
          }>(message);
          if (data) {
            listener.onEvent({ type: 'event', ...data });
          }
        } else if (message.event === 'deleted') {
          const data = parseEventData<ProjectRef>(message);
          if (data) {
            listener.onEvent({
              type: 'deleted',
              namespace: data.namespace,
              name: data.name,
            });
          }
        }
        return 'continue';
      },
    });
  }

  private async url(path: string): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('supabase')}${path}`;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const response = await this.fetchApi.fetch(await this.url(path), init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }
}
