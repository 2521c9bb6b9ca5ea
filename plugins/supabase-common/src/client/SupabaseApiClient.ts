import { ResponseError } from '@backstage/errors';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import createClient, {
  Client,
  ClientPathsWithMethod,
  FetchOptions,
  Middleware,
} from 'openapi-fetch';
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

type Api = Client<paths>;
/** The HTTP methods the API's routes use. */
type Method = 'get' | 'post' | 'patch' | 'delete';
/** The routes the OpenAPI document serves with a method. */
type Route<M extends Method> = ClientPathsWithMethod<Api, M>;
/** What a call of a route sends: its parameters, body and how to parse. */
type Init<M extends Method, P extends Route<M>> = FetchOptions<paths[P][M]>;

const PROJECT = '/projects/{namespace}/{name}';
const ATTEMPT_LOG =
  `${PROJECT}/db-init/runs/{run}/attempts/{attempt}/log` as const;

/**
 * The path parameters of a project's route, whatever else the caller's
 * object holds, with those of the route below it.
 */
function atProject<T extends object = {}>(
  ref: ProjectRef,
  below?: T,
): { params: { path: ProjectRef & T } } {
  const path = { namespace: ref.namespace, name: ref.name, ...below };
  return { params: { path: path as ProjectRef & T } };
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

  listProjects(
    query: ListProjectsQuery = {},
    options?: SupabaseRequestOptions,
  ): Promise<ListProjectsResponse> {
    return dataOf(
      this.call('get', '/projects', { params: { query } }, options),
    );
  }

  getProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    return dataOf(this.call('get', PROJECT, atProject(ref), options));
  }

  createProject(
    request: CreateProjectRequest,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    return dataOf(this.call('post', '/projects', { body: request }, options));
  }

  updateProject(
    ref: ProjectRef,
    request: UpdateProjectRequest,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const init = { ...atProject(ref), body: request };
    return dataOf(this.call('patch', PROJECT, init, options));
  }

  deleteProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    return dataOf(this.call('delete', PROJECT, atProject(ref), options));
  }

  retryProject(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    return dataOf(
      this.call('post', `${PROJECT}/retry`, atProject(ref), options),
    );
  }

  rotateJwtSecret(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const path = `${PROJECT}/rotate-jwt-secret` as const;
    return dataOf(this.call('post', path, atProject(ref), options));
  }

  rotateRolePasswords(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    const path = `${PROJECT}/rotate-role-passwords` as const;
    return dataOf(this.call('post', path, atProject(ref), options));
  }

  listSigningKeys(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<ListSigningKeysResponse> {
    const path = `${PROJECT}/signing-keys` as const;
    return dataOf(this.call('get', path, atProject(ref), options));
  }

  /** One step of a signing-key rotation; each is a rollout. */
  rotateSigningKey(
    ref: ProjectRef,
    rotation: SigningKeyRotation,
    options?: SupabaseRequestOptions,
  ): Promise<SupabaseProject> {
    if (rotation.step === 'create-standby') {
      const path = `${PROJECT}/signing-keys` as const;
      return dataOf(this.call('post', path, atProject(ref), options));
    }
    const path =
      rotation.step === 'make-current'
        ? (`${PROJECT}/signing-keys/{kid}/make-current` as const)
        : (`${PROJECT}/signing-keys/{kid}/revoke` as const);
    const init = atProject(ref, { kid: rotation.kid });
    return dataOf(this.call('post', path, init, options));
  }

  revealSecret(
    ref: ProjectRef,
    secret: ProjectSecretName,
    options?: SupabaseRequestOptions,
  ): Promise<RevealedSecret> {
    const path = `${PROJECT}/secrets/{secret}/reveal` as const;
    return dataOf(this.call('post', path, atProject(ref, { secret }), options));
  }

  listEvents(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<ListEventsResponse> {
    return dataOf(
      this.call('get', `${PROJECT}/events`, atProject(ref), options),
    );
  }

  getDbInitStatus(
    ref: ProjectRef,
    options?: SupabaseRequestOptions,
  ): Promise<DbInitStatus> {
    return dataOf(
      this.call('get', `${PROJECT}/db-init`, atProject(ref), options),
    );
  }

  /** An attempt's archived log, whole. */
  getDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    options?: SupabaseRequestOptions,
  ): Promise<string> {
    const init = { ...atProject(ref, target), parseAs: 'text' as const };
    return dataOf(this.call('get', ATTEMPT_LOG, init, options));
  }

  searchDbInitLog(
    ref: ProjectRef,
    target: { run: number; attempt: number },
    search: { q: string; offset?: number; limit?: number },
    options?: SupabaseRequestOptions,
  ): Promise<DbInitLogSearchResult> {
    const path = `${ATTEMPT_LOG}/search` as const;
    const { params } = atProject(ref, target);
    return dataOf(
      this.call('get', path, { params: { ...params, query: search } }, options),
    );
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
      const { data, response } = await this.call(
        'get',
        '/stream',
        {
          params: {
            query: { namespace: filter.namespace, name: filter.name },
          },
          headers: { Accept: 'text/event-stream' },
          parseAs: 'stream',
        },
        { ...options, signal },
      );
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

  /**
   * Sends one request to a route of the OpenAPI document; an error answer
   * is thrown as a ResponseError.
   */
  private async call<
    M extends Method,
    P extends Route<M>,
    I extends Init<M, P>,
  >(method: M, path: P, init: I, options: SupabaseRequestOptions | undefined) {
    const client = createClient<paths>({
      baseUrl: await this.discoveryApi.getBaseUrl('supabase'),
      // The URL and the request's parts, not the Request: Backstage's fetch
      // middleware builds a Request of its own from what it is handed, which
      // would use up a Request's body before the next middleware sends it.
      fetch: async request =>
        this.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ? await request.text() : undefined,
          signal: request.signal,
        }),
      headers: options?.token
        ? { Authorization: `Bearer ${options.token}` }
        : undefined,
    });
    client.use(throwOnError);
    return client.request(method, path, { ...init, signal: options?.signal });
  }
}

/** The data of an answer; error answers were thrown (throwOnError). */
async function dataOf<T>(answer: Promise<{ data?: T }>): Promise<T> {
  return (await answer).data as T;
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
