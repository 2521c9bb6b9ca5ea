/**
 * The HTTP front of the API server: authentication, fault injection, URL
 * routing (`/api/v1/...`, `/apis/{group}/{version}/...`, discovery), query
 * parameters and bodies, and `Status` responses for every error. What each
 * verb does lives in the registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import YAML from 'yaml';
import {
  ApiError,
  badRequest,
  internalError,
  methodNotAllowed,
  methodNotSupported,
  notAcceptable,
  pathNotFound,
  timeout,
  tooManyRequests,
  unsupportedMediaType,
  type StatusBody,
} from '../api/errors';
import { decodeProtobuf, PROTOBUF_MEDIA_TYPE } from '../api/protobuf';
import type {
  DeleteOptions,
  ListOptions,
  Registry,
  WriteOptions,
} from '../api/registry';
import {
  findResource,
  groupVersion,
  servedGroupVersions,
  type ResourceType,
} from '../api/resources';
import { injectedErrorCode, type FaultConfig } from '../faults';
import type { Kubelet } from '../pods/kubelet';
import type { ObjectStore } from '../store/store';
import type { KubeObject } from '../types';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery';
import { openApiDocument, openApiIndex, openApiV2 } from './openapi';
import { parseLogRequest, servePodLog } from './podLog';
import { queryFlag } from './queryFlag';
import { parseIncludeObject, toTable, wantsTable } from './table';
import { serveWatch } from './watch';

export interface ApiServerOptions {
  registry: Registry;
  store: ObjectStore;
  kubelet: Kubelet;
  /** The bearer token every request but health checks must carry. */
  token: string;
  faults: () => FaultConfig;
  /** The address clients reach the server at, for `/api`. */
  serverAddress: () => string;
  tls: { cert: string; key: string };
  random?: () => number;
  /**
   * How long a watch without `timeoutSeconds` lasts at least; it ends at a
   * random moment between this and twice this, as kube-apiserver's
   * `--min-request-timeout` (default 1800 s) makes it.
   */
  minRequestTimeoutSeconds?: number;
}

/** kube-apiserver's default `--min-request-timeout`. */
const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

/** The resource a URL names, once parsed. */
interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The old `/api/v1/watch/...` form. */
  watchPrefix: boolean;
}

/** The API server's limit for a request body (`MaxRequestBodyBytes`). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Pod subresources that need a container runtime to connect to (`kubectl
 * exec`, `cp`, `attach`, `port-forward`): the local cluster has none, and
 * says so rather than answer 404 as for a path that does not exist.
 */
const RUNTIME_SUBRESOURCES: Record<string, string> = {
  exec: 'exec (and kubectl cp)',
  attach: 'attach',
  portforward: 'port-forward',
};

function runtimeNotSupported(subresource: string): ApiError {
  return badRequest(
    `${RUNTIME_SUBRESOURCES[subresource]} is not supported by the local cluster: its containers are local processes or simulated, with no container runtime to connect to; use "kubectl logs" to see their output`,
  );
}

function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * What Kubernetes answers for a path outside every group version it serves
 * (`/apis/metrics.k8s.io/...` without a metrics server): the end of its
 * handler chain is Go's `http.NotFound`, plain text rather than a Status.
 */
function sendPageNotFound(res: ServerResponse) {
  const text = '404 page not found\n';
  res.writeHead(404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Whether a path is inside a served group version (`/api/v1/...`,
 * `/apis/apps/v1/...`), whose unknown paths get a `Status` 404.
 */
function inServedGroupVersion(parts: string[]): boolean {
  const [group, version] =
    parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
  if (parts[0] !== 'api' && parts[0] !== 'apis') return false;
  return servedGroupVersions().some(
    gv => gv.group === group && gv.version === version,
  );
}

function sendStatus(res: ServerResponse, status: StatusBody, headers = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status, headers);
}

/**
 * Reads a request body. One over the limit is read to its end but not kept,
 * then answered 413: closing the connection instead would reach the client
 * as a reset while it is still sending.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size <= MAX_BODY_BYTES) {
        resolve(Buffer.concat(chunks));
        return;
      }
      reject(
        new ApiError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `Request entity too large: limit is ${MAX_BODY_BYTES}`,
          reason: 'RequestEntityTooLarge',
          code: 413,
        }),
      );
    });
    req.on('error', reject);
  });
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `the body of the request was in an unknown format: ${
        (error as Error).message
      }`,
    );
  }
}

const BODY_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  PROTOBUF_MEDIA_TYPE,
];

/**
 * Decodes the body of a create, update or delete by its `Content-Type`, as
 * the API server negotiates it: JSON (also when no type is given), YAML, or
 * protobuf for the kinds the protobuf decoder knows; anything else is 415
 * Unsupported Media Type.
 */
function decodeBody(req: IncomingMessage, body: Buffer): any {
  const header = req.headers['content-type'] ?? '';
  const mediaType = header.split(';')[0].trim().toLowerCase();
  switch (mediaType) {
    // No Content-Type: the first media type the server supports (JSON).
    case '':
    case 'application/json':
      return parseJson(body.toString('utf8'));
    case 'application/yaml':
      try {
        return YAML.parse(body.toString('utf8'));
      } catch (error) {
        throw badRequest(`error decoding YAML: ${(error as Error).message}`);
      }
    case PROTOBUF_MEDIA_TYPE: {
      const decoded = decodeProtobuf(body);
      if (decoded === undefined) {
        // As for resources without protobuf support (e.g. custom resources).
        throw unsupportedMediaType(mediaType, [
          'application/json',
          'application/yaml',
        ]);
      }
      return decoded;
    }
    default:
      throw unsupportedMediaType(header, BODY_MEDIA_TYPES);
  }
}

/** Splits a resource URL into type, namespace, name and subresource. */
function parseResourcePath(parts: string[]): ResourcePath | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` unless the third part is a namespace subresource.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    findResource(group, version, rest[2])
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = findResource(group, version, rest[0]);
  if (!type || rest.length > 3) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  const subresource = rest[2];
  const runtimeSubresource =
    type.kind === 'Pod' && subresource in RUNTIME_SUBRESOURCES;
  if (
    subresource &&
    !type.subresources.includes(subresource) &&
    !runtimeSubresource
  ) {
    return undefined;
  }
  return { type, namespace, name: rest[1], subresource, watchPrefix };
}

function writeOptions(query: URLSearchParams): WriteOptions {
  const dryRun = query.getAll('dryRun');
  for (const value of dryRun) {
    if (value !== 'All') {
      throw badRequest(`Invalid dryRun value: ${JSON.stringify(value)}`);
    }
  }
  const fieldValidation = query.get('fieldValidation') ?? undefined;
  if (
    fieldValidation !== undefined &&
    !['Strict', 'Warn', 'Ignore'].includes(fieldValidation)
  ) {
    throw badRequest(
      `fieldValidation must be one of Ignore, Warn, or Strict, got ${fieldValidation}`,
    );
  }
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: fieldValidation as WriteOptions['fieldValidation'],
    fieldManager: query.get('fieldManager') ?? undefined,
  };
}

function listOptions(query: URLSearchParams): ListOptions {
  const limit = query.get('limit');
  return {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: limit ? Number(limit) : undefined,
    continueToken: query.get('continue') ?? undefined,
  };
}

function deleteOptions(
  query: URLSearchParams,
  req: IncomingMessage,
  body: Buffer,
): DeleteOptions {
  const fromBody = body.toString('utf8').trim() ? decodeBody(req, body) : {};
  const grace = query.get('gracePeriodSeconds');
  const orphan = query.get('orphanDependents');
  return {
    propagationPolicy:
      (query.get('propagationPolicy') as DeleteOptions['propagationPolicy']) ??
      fromBody.propagationPolicy,
    orphanDependents:
      orphan !== null
        ? queryFlag(query, 'orphanDependents')
        : fromBody.orphanDependents,
    gracePeriodSeconds:
      grace !== null ? Number(grace) : fromBody.gracePeriodSeconds,
    preconditions: fromBody.preconditions,
    dryRun:
      query.getAll('dryRun').includes('All') ||
      (fromBody.dryRun ?? []).includes('All'),
  };
}

/** Lists as the API server returns them: items without kind and apiVersion. */
function listBody(
  type: ResourceType,
  items: KubeObject[],
  meta: Record<string, unknown>,
) {
  return {
    kind: `${type.kind}List`,
    apiVersion: groupVersion(type),
    metadata: meta,
    items: items.map(({ kind, apiVersion, ...rest }) => rest),
  };
}

function warningHeaders(warnings: string[]): Record<string, string> {
  if (!warnings.length) return {};
  return {
    Warning: warnings.map(w => `299 - ${JSON.stringify(w)}`).join(', '),
  };
}

export class ApiServer {
  private requests = 0;
  private readonly random: () => number;

  /**
   * A watch the client gave no timeout ends anyway, so that clients
   * reconnect now and then (and spread over time, not all at once).
   */
  private defaultWatchTimeoutSeconds(): number {
    const min =
      this.options.minRequestTimeoutSeconds ?? MIN_REQUEST_TIMEOUT_SECONDS;
    return Math.round(min * (1 + this.random()));
  }
  /** Every TCP connection, also those still in their TLS handshake. */
  private readonly sockets = new Set<Socket>();
  readonly server: https.Server;

  constructor(private readonly options: ApiServerOptions) {
    this.random = options.random ?? Math.random;
    this.server = https.createServer(options.tls, (req, res) => {
      this.handle(req, res).catch(error => {
        const status =
          error instanceof ApiError
            ? error
            : internalError(String((error as Error)?.message ?? error));
        sendStatus(res, status.status, status.headers);
      });
    });
    // Watches and followed logs stay open: no request timeout.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Stops listening and drops every connection, as an API server going down
   * does: `closeAllConnections` misses sockets the HTTP layer does not track
   * yet (a TLS handshake under way), and `close` would wait for them.
   */
  async stop(): Promise<void> {
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** How many API requests (discovery excluded) have been served. */
  requestCount(): number {
    return this.requests;
  }

  private authenticated(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return false;
    const given = Buffer.from(match[1].trim());
    const wanted = Buffer.from(this.options.token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local-cluster');
    const parts = url.pathname.split('/').filter(Boolean);
    const query = url.searchParams;
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    // As with the default RBAC (system:public-info-viewer): /version is
    // open to anonymous requests; a wrong token is still refused.
    if (url.pathname === '/version' && !req.headers.authorization) {
      sendJson(res, 200, SERVER_VERSION);
      return;
    }
    if (!this.authenticated(req)) {
      sendStatus(res, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      return;
    }
    if (
      url.pathname === '/openapi/v2' &&
      !/json|\*\/\*/.test(req.headers.accept ?? '*/*')
    ) {
      // The Swagger document is served as JSON only, not as protobuf.
      throw notAcceptable('only application/json is served for /openapi/v2');
    }
    if (req.method === 'GET' && this.serveDiscovery(parts, res)) return;

    const path =
      (parts[0] === 'api' && parts.length >= 3) ||
      (parts[0] === 'apis' && parts.length >= 4)
        ? parseResourcePath(parts)
        : undefined;
    if (!path) {
      if (!inServedGroupVersion(parts)) {
        sendPageNotFound(res);
        return;
      }
      throw pathNotFound();
    }

    this.requests++;
    const faults = this.options.faults();
    if (faults.latencyMs) {
      await new Promise(resolve => setTimeout(resolve, faults.latencyMs));
    }
    const injected = injectedErrorCode(faults, this.random);
    if (injected === 429) throw tooManyRequests(1);
    if (injected === 500) {
      throw internalError('injected fault: the server failed this request');
    }
    const body =
      req.method === 'GET' || req.method === 'HEAD'
        ? Buffer.alloc(0)
        : await readBody(req);
    const result = this.serveResource(req, res, path, query, body);
    const isWrite = req.method !== 'GET';
    if (
      result &&
      isWrite &&
      (faults.errorAfterWriteRate ?? 0) > this.random()
    ) {
      throw timeout(
        'request did not complete within requested timeout - context deadline exceeded',
      );
    }
    if (result) sendJson(res, result.code, result.body, result.headers);
  }

  private serveDiscovery(parts: string[], res: ServerResponse): boolean {
    const key = parts.join('/');
    let body: unknown;
    if (key === 'version') body = SERVER_VERSION;
    else if (key === 'api') body = apiVersions(this.options.serverAddress());
    else if (key === 'apis') body = apiGroupList();
    else if (key === 'openapi/v3') body = openApiIndex();
    else if (key === 'openapi/v2') body = openApiV2();
    else if (key.startsWith('openapi/v3/')) {
      body = openApiDocument(key.slice('openapi/v3/'.length));
    } else if (parts[0] === 'api' && parts.length === 2) {
      body = apiResourceList('', parts[1]);
    } else if (parts[0] === 'apis' && parts.length === 2) {
      body = apiGroup(parts[1]);
    } else if (parts[0] === 'apis' && parts.length === 3) {
      body = apiResourceList(parts[1], parts[2]);
    } else {
      return false;
    }
    if (!body) {
      sendPageNotFound(res);
      return true;
    }
    sendJson(res, 200, body);
    return true;
  }

  /**
   * Serves one resource request. Returns the JSON response, or undefined
   * when the response is a stream already being written.
   */
  private serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    path: ResourcePath,
    query: URLSearchParams,
    body: Buffer,
  ):
    | { code: number; body: unknown; headers?: Record<string, string> }
    | undefined {
    const { registry } = this.options;
    const { type, namespace, name, subresource } = path;
    const method = req.method ?? 'GET';
    const status = subresource === 'status' ? 'status' : undefined;
    if (type.readOnly && method !== 'GET') {
      throw methodNotSupported(type, type.readOnly);
    }
    if (subresource && subresource in RUNTIME_SUBRESOURCES) {
      if (!name || !namespace) throw methodNotAllowed();
      registry.get(type, namespace, name); // 404 for a pod that does not exist
      throw runtimeNotSupported(subresource);
    }
    if (subresource === 'scale') {
      return this.serveScale(req, path, query, body);
    }
    if (subresource === 'finalize') {
      if (method !== 'PUT' || !name) throw methodNotAllowed();
      return {
        code: 200,
        body: registry.finalizeNamespace(name, decodeBody(req, body)),
      };
    }
    if (subresource === 'status' && !['GET', 'PUT', 'PATCH'].includes(method)) {
      throw methodNotAllowed();
    }
    if (subresource === 'log') {
      if (method !== 'GET' || !namespace || !name) throw methodNotAllowed();
      servePodLog(
        this.options.kubelet,
        namespace,
        name,
        parseLogRequest(query),
        res,
      );
      return undefined;
    }
    if (!name) {
      if (method === 'GET') {
        const options = listOptions(query);
        if (path.watchPrefix || queryFlag(query, 'watch')) {
          const timeoutSeconds = query.get('timeoutSeconds');
          serveWatch(
            this.options.store,
            {
              type,
              namespace,
              selector: registry.parseSelector(type, options),
              resourceVersion: query.get('resourceVersion') ?? undefined,
              timeoutSeconds: timeoutSeconds
                ? Number(timeoutSeconds)
                : this.defaultWatchTimeoutSeconds(),
              dropAfterMs: this.options.faults().dropWatchesAfterMs,
              // `kubectl get -w`: each event's object is a one-row Table.
              transform: wantsTable(req.headers.accept)
                ? obj =>
                    toTable(
                      type,
                      [obj],
                      { resourceVersion: obj.metadata.resourceVersion },
                      parseIncludeObject(query.get('includeObject')),
                    )
                : undefined,
            },
            res,
          );
          return undefined;
        }
        const list = registry.list(type, namespace, options);
        const meta: Record<string, unknown> = {
          resourceVersion: list.resourceVersion,
        };
        if (list.continueToken) {
          meta.continue = list.continueToken;
          meta.remainingItemCount = list.remainingItemCount;
        }
        return {
          code: 200,
          body: wantsTable(req.headers.accept)
            ? toTable(
                type,
                list.items,
                meta,
                parseIncludeObject(query.get('includeObject')),
              )
            : listBody(type, list.items, meta),
        };
      }
      if (method === 'POST') {
        if (type.namespaced && !namespace) throw methodNotAllowed();
        const created = registry.create(
          type,
          namespace,
          decodeBody(req, body),
          writeOptions(query),
        );
        return {
          code: 201,
          body: created.object,
          headers: warningHeaders(created.warnings),
        };
      }
      if (method === 'DELETE') {
        // Namespaces, for one, cannot be deleted as a collection.
        if (!type.verbs.includes('deletecollection')) throw methodNotAllowed();
        const removed = registry.deleteCollection(
          type,
          namespace,
          listOptions(query),
          deleteOptions(query, req, body),
        );
        return {
          code: 200,
          body: listBody(type, removed.items as KubeObject[], {
            resourceVersion: String(this.options.store.resourceVersion),
          }),
          headers: warningHeaders(removed.warnings),
        };
      }
      throw methodNotAllowed();
    }

    if (type.namespaced && !namespace) throw pathNotFound();
    switch (method) {
      case 'GET': {
        const obj = registry.get(type, namespace, name);
        return {
          code: 200,
          body: wantsTable(req.headers.accept)
            ? toTable(
                type,
                [obj],
                { resourceVersion: obj.metadata.resourceVersion },
                parseIncludeObject(query.get('includeObject')),
              )
            : obj,
        };
      }
      case 'PUT': {
        const updated = registry.update(
          type,
          namespace,
          name,
          decodeBody(req, body),
          writeOptions(query),
          status,
        );
        return {
          code: 200,
          body: updated.object,
          headers: warningHeaders(updated.warnings),
        };
      }
      case 'PATCH': {
        const patched = registry.patch(
          type,
          namespace,
          name,
          req.headers['content-type'] ?? '',
          body.toString('utf8'),
          writeOptions(query),
          status,
        );
        return {
          code: patched.created ? 201 : 200,
          body: patched.object,
          headers: warningHeaders(patched.warnings),
        };
      }
      case 'DELETE': {
        const options = deleteOptions(query, req, body);
        const removed = registry.delete(type, namespace, name, options);
        const stillThere =
          'metadata' in removed.body &&
          !!(removed.body as KubeObject).metadata.deletionTimestamp &&
          !!this.options.store.peek(
            type,
            type.namespaced ? namespace : undefined,
            name,
          );
        // As the API server: 202 only for a pending deletion asked with
        // orphanDependents=false; graceful and foreground deletions are 200.
        return {
          code: stillThere && options.orphanDependents === false ? 202 : 200,
          body: removed.body,
          headers: warningHeaders(removed.warnings),
        };
      }
      default:
        throw methodNotAllowed();
    }
  }

  /** `deployments/scale` and `replicasets/scale` (autoscaling/v1 Scale). */
  private serveScale(
    req: IncomingMessage,
    path: ResourcePath,
    query: URLSearchParams,
    body: Buffer,
  ): { code: number; body: unknown } {
    const { registry } = this.options;
    const { type, namespace, name } = path;
    if (!name || !namespace) throw methodNotAllowed();
    switch (req.method) {
      case 'GET':
        return { code: 200, body: registry.getScale(type, namespace, name) };
      case 'PUT':
        return {
          code: 200,
          body: registry.updateScale(
            type,
            namespace,
            name,
            decodeBody(req, body),
            writeOptions(query),
          ),
        };
      case 'PATCH':
        return {
          code: 200,
          body: registry.patchScale(
            type,
            namespace,
            name,
            req.headers['content-type'] ?? '',
            body.toString('utf8'),
            writeOptions(query),
          ),
        };
      default:
        throw methodNotAllowed();
    }
  }
}
