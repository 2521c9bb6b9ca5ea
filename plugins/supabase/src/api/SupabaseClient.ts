import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
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
  SupabaseApiClient,
  SupabaseProject,
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

export class SupabaseClient implements SupabaseApi {
  private readonly api: SupabaseApiClient;
  private readonly fetchApi: SupabaseClientOptions['fetchApi'];
  private readonly backoff: StreamBackoff;

  constructor(options: SupabaseClientOptions) {
    this.api = new SupabaseApiClient(options);
    this.fetchApi = options.fetchApi;
    this.backoff = { ...DEFAULT_STREAM_BACKOFF, ...options.streamBackoff };
  }

  listProjects(query: ListProjectsQuery = {}): Promise<ListProjectsResponse> {
    return this.api.listProjects(withoutEmpty(query));
  }

  getProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.api.getProject(ref);
  }

  createProject(request: CreateProjectRequest): Promise<SupabaseProject> {
    return this.api.createProject(request);
  }

  updateProject(ref: ProjectRef, spec: ProjectSpec): Promise<SupabaseProject> {
    return this.api.updateProject(ref, { spec });
  }

  deleteProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.api.deleteProject(ref);
  }

  retryProject(ref: ProjectRef): Promise<SupabaseProject> {
    return this.api.retryProject(ref);
  }

  rotateJwtSecret(ref: ProjectRef): Promise<SupabaseProject> {
    return this.api.rotateJwtSecret(ref);
  }

  listSigningKeys(ref: ProjectRef): Promise<ListSigningKeysResponse> {
    return this.api.listSigningKeys(ref);
  }

  rotateSigningKey(
    ref: ProjectRef,
    step: SigningKeyRotation,
  ): Promise<SupabaseProject> {
    return this.api.rotateSigningKey(ref, step);
  }

  rotateRolePasswords(ref: ProjectRef): Promise<SupabaseProject> {
    return this.api.rotateRolePasswords(ref);
  }

  revealSecret(
    ref: ProjectRef,
    secret: ProjectSecretName,
  ): Promise<RevealedSecret> {
    return this.api.revealSecret(ref, secret);
  }

  listEvents(ref: ProjectRef): Promise<ListEventsResponse> {
    return this.api.listEvents(ref);
  }

  getDbInitStatus(ref: ProjectRef): Promise<DbInitStatus> {
    return this.api.getDbInitStatus(ref);
  }

  getDbInitLog(ref: ProjectRef, run: number, attempt: number): Promise<string> {
    return this.api.getDbInitLog(ref, { run, attempt });
  }

  searchDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    search: { query: string; offset?: number; limit?: number },
  ): Promise<DbInitLogSearchResult> {
    return this.api.searchDbInitLog(ref, target, {
      q: search.query,
      offset: search.offset,
      limit: search.limit,
    });
  }

  async streamDbInitLogs(
    ref: ProjectRef,
    request: LogStreamRequest,
    listener: LogStreamListener,
    options: { signal: AbortSignal },
  ): Promise<StreamResult> {
    const tracker = new LogOffsetTracker();
    return openEventStream({
      url: await this.api.url(
        `/projects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
          ref.name,
        )}/db-init/logs`,
        { run: request.run, attempt: request.attempt },
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
      url: await this.api.url('/stream', { ...filter }),
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
}

/** An empty filter field means "any": it is left out of the query. */
function withoutEmpty<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}
