// openapi-fetch names its methods after the HTTP verbs (GET, POST, ...).
/* eslint-disable new-cap */
import { ResponseError } from '@backstage/errors';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import createClient, { Client, Middleware } from 'openapi-fetch';
import {
  CreateProjectRequest,
  ListEventsResponse,
  ListProjectsQuery,
  ListProjectsResponse,
  ListSigningKeysResponse,
  ProjectSecretName,
  RevealedSecret,
  SigningKeyRotation,
  UpdateProjectRequest,
} from '../api';
import { DbInitLogSearchResult, DbInitStatus } from '../dbInit';
import { SupabaseProject } from '../project';
import { paths } from '../schema/openapi/generated/types';

/** `{ namespace, name }` of a project. @public */
export interface ProjectRef {
  namespace: string;
  name: string;
}

/** One Server-Sent Event of a stream. @public */
export interface StreamMessage {
  /** The event's name; `message` when the frame names none. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Per call: a token to send (backend callers; the frontend's fetchApi adds
 * the user's own) and a signal to give up. @public
 */
export interface SupabaseRequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/** How to reach the backend plugin. @public */
export interface SupabaseApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Backstage's fetchApi in the browser; the global fetch when omitted. */
  fetchApi?: { fetch: typeof fetch };
}

/** A project's path parameters, whatever else the caller's object holds. */
function pathOf(ref: ProjectRef): ProjectRef {
  return { namespace: ref.namespace, name: ref.name };
}

/** Throws Backstage's ResponseError, with the error body, on a non-2xx answer. */
const throwOnError: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return undefined;
  },
};

/**
 * The REST API's client, typed by the OpenAPI document's generated types
 * (`openapi-fetch` over `paths`): a route, a parameter or a body the
 * document does not describe fails the type check. Every error answer is
 * thrown as a ResponseError.
 *
 * @public
 */
export class SupabaseApiClient {
  private readonly discoveryApi: SupabaseApiClientOptions['discoveryApi'];
  private readonly fetch: typeof fetch;

  constructor(options: SupabaseApiClientOptions) {
    this.discoveryApi = options.discoveryApi;
    const fetchApi = options.fetchApi;
    // Looked up per call, so a test or polyfill that replaces the global works.
    this.fetch = fetchApi
      ? (input, init) => fetchApi.fetch(input, init)
      : (input, init) => fetch(input, init);
  }

  async listProjects(
    query: ListProjectsQuery = {},
    options?: SupabaseRequestOptions,
  ): Promise<ListProjectsResponse> {
    const { data } = await (
      await this.client(options)
    ).GET('/projects', { params: { query }, signal: options?.signal });
    return data as ListProjectsResponse;
  }

  async getProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).GET('/projects/{namespace}/{name}', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async createProject(
    request: CreateProjectRequest,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).POST('/projects', { body: request, signal: options?.signal });
    return data as SupabaseProject;
  }

  async updateProject(
    ref: ProjectRef,
    request: UpdateProjectRequest,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).PATCH('/projects/{namespace}/{name}', {
      params: { path: pathOf(ref) },
      body: request,
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async deleteProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).DELETE('/projects/{namespace}/{name}', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async retryProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).POST('/projects/{namespace}/{name}/retry', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async rotateJwtSecret(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).POST('/projects/{namespace}/{name}/rotate-jwt-secret', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async rotateRolePasswords(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const { data } = await (
      await this.client(options)
    ).POST('/projects/{namespace}/{name}/rotate-role-passwords', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as SupabaseProject;
  }

  async listSigningKeys(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<ListSigningKeysResponse> {
    const { data } = await (
      await this.client(options)
    ).GET('/projects/{namespace}/{name}/signing-keys', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as ListSigningKeysResponse;
  }

  /** One step of a signing-key rotation; each is a rollout. */
  async rotateSigningKey(
    ref: ProjectRef,
    rotation: SigningKeyRotation,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const client = await this.client(options);
    const request = { signal: options?.signal };
    const { data } =
      rotation.step === 'create-standby'
        ? await client.POST('/projects/{namespace}/{name}/signing-keys', {
            ...request,
            params: { path: pathOf(ref) },
          })
        : await client.POST(
            rotation.step === 'make-current'
              ? '/projects/{namespace}/{name}/signing-keys/{kid}/make-current'
              : '/projects/{namespace}/{name}/signing-keys/{kid}/revoke',
            {
              ...request,
              params: { path: { ...pathOf(ref), kid: rotation.kid } },
            },
          );
    return data as SupabaseProject;
  }

  async revealSecret(
    ref: ProjectRef,
    secret: ProjectSecretName,
    options?: SupabaseRequestOptions,
  ): Promise<RevealedSecret> {
    const { data } = await (
      await this.client(options)
    ).POST('/projects/{namespace}/{name}/secrets/{secret}/reveal', {
      params: { path: { ...pathOf(ref), secret } },
      signal: options?.signal,
    });
    return data as RevealedSecret;
  }

  async listEvents(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<ListEventsResponse> {
    const { data } = await (
      await this.client(options)
    ).GET('/projects/{namespace}/{name}/events', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as ListEventsResponse;
  }

  async getDbInitStatus(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<DbInitStatus> {
    const { data } = await (
      await this.client(options)
    ).GET('/projects/{namespace}/{name}/db-init', {
      params: { path: pathOf(ref) },
      signal: options?.signal,
    });
    return data as DbInitStatus;
  }

  /** An attempt's archived log, whole. */
  async getDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    options?: SupabaseRequestOptions,
  ): Promise<string> {
    const { data } = await (
      await this.client(options)
    ).GET(
      '/projects/{namespace}/{name}/db-init/runs/{run}/attempts/{attempt}/log',
      {
        params: { path: { ...pathOf(ref), ...target } },
        parseAs: 'text',
        signal: options?.signal,
      },
    );
    return data as string;
  }

  async searchDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    search: { q: string; offset?: number; limit?: number },
    options?: SupabaseRequestOptions,
  ): Promise<DbInitLogSearchResult> {
    const { data } = await (
      await this.client(options)
    ).GET(
      '/projects/{namespace}/{name}/db-init/runs/{run}/attempts/{attempt}/log/search',
      {
        params: { path: { ...pathOf(ref), ...target }, query: search },
        signal: options?.signal,
      },
    );
    return data as DbInitLogSearchResult;
  }

  /**
   * `GET /stream`: the Server-Sent Events of the projects the caller may
   * read (one project with namespace and name), read with a maintained SSE
   * parser. Ends when the server closes the stream; closes the connection
   * when the caller stops iterating.
   */
  async *streamProjects(
    filter: Partial<ProjectRef>,
    options?: SupabaseRequestOptions,
  ): AsyncGenerator<StreamMessage> {
    const controller = new AbortController();
    const signal = options?.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal;
    try {
      const { data, response } = await (
        await this.client(options)
      ).GET('/stream', {
        params: {
          query: { namespace: filter.namespace, name: filter.name },
        },
        headers: { Accept: 'text/event-stream' },
        parseAs: 'stream',
        signal,
      });
      yield* readEventStream(response, data);
    } finally {
      controller.abort();
    }
  }

  /** The URL of a route, for clients that read streams with their own library. */
  async url(path: string, query?: Record<string, unknown>): Promise<string> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    return `${await this.discoveryApi.getBaseUrl('supabase')}${path}${
      text ? `?${text}` : ''
    }`;
  }

  private async client(
    options: SupabaseRequestOptions | undefined,
  ): Promise<Client<paths>> {
    const client = createClient<paths>({
      baseUrl: await this.discoveryApi.getBaseUrl('supabase'),
      fetch: request => this.fetch(request),
      headers: options?.token
        ? { Authorization: `Bearer ${options.token}` }
        : undefined,
    });
    client.use(throwOnError);
    return client;
  }
}

async function* readEventStream(
  response: Response,
  body: ReadableStream<Uint8Array> | null | undefined,
): AsyncGenerator<StreamMessage> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream') || !body) {
    await body?.cancel().catch(() => {});
    throw new Error(`Expected an event stream, got "${type}"`);
  }
  const reader = body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { event: value.event ?? 'message', data: value.data, id: value.id };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
