import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import {
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { SupabaseProjectsClient } from './supabaseProjectsClient';
import { waitForProjectPhase } from './waitForProjectPhase';

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => void;

/** A stand-in for the backend's router, speaking real HTTP. */
async function startServer(handler: Handler) {
  const requests: { method?: string; url?: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `http://127.0.0.1:${port}/api/supabase`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendError(
  res: ServerResponse,
  status: number,
  name: string,
  message: string,
) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { name, message },
      request: { method: 'X', url: '/' },
      response: { statusCode: status },
    }),
  );
}

function project(phase: SupabaseProject['phase']): SupabaseProject {
  return {
    namespace: 'team-a',
    name: 'todo-db',
    uid: 'u1',
    spec: { database: { secretRef: 'pg' } },
    phase,
    generation: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    phaseChangedAt: '2026-01-01T00:00:00Z',
  };
}

const credentials = mockCredentials.user('user:default/alice');
const expectedAuth = `Bearer ${mockCredentials.service.token({
  onBehalfOf: credentials,
  targetPluginId: 'supabase',
})}`;
const request = {
  namespace: 'team-a',
  name: 'todo-db',
  spec: { database: { secretRef: 'pg' } },
};

describe('SupabaseProjectsClient', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function clientFor(handler: Handler) {
    server = await startServer(handler);
    const baseUrl = server.baseUrl;
    return new SupabaseProjectsClient({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => {
          expect(pluginId).toBe('supabase');
          return baseUrl;
        },
      }),
    });
  }

  it('creates with a token on behalf of the initiator', async () => {
    let received: unknown;
    const client = await clientFor((req, res, body) => {
      received = JSON.parse(body);
      expect(req.headers['content-type']).toBe('application/json');
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(project('Pending')));
    });

    const created = await client.createProject(request, { credentials });

    expect(created.phase).toBe('Pending');
    expect(received).toEqual(request);
    expect(server!.requests).toEqual([
      { method: 'POST', url: '/api/supabase/projects', auth: expectedAuth },
    ]);
  });

  it('turns 409 into a ConflictError naming the project', async () => {
    const client = await clientFor((_req, res) =>
      sendError(res, 409, 'ConflictError', 'exists'),
    );
    const error = await client
      .createProject(request, { credentials })
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'Supabase project team-a/todo-db already exists',
    );
  });

  it("turns 400 into an InputError with the backend's field errors", async () => {
    const client = await clientFor((_req, res) =>
      sendError(
        res,
        400,
        'InputError',
        'Invalid project: spec.database.secretRef: must be a Kubernetes object name',
      ),
    );
    const error = await client
      .createProject(request, { credentials })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The supabase backend rejected project team-a/todo-db: Invalid project: spec.database.secretRef: must be a Kubernetes object name',
    );
  });

  it('passes other failures on as ResponseError', async () => {
    const client = await clientFor((_req, res) =>
      sendError(res, 403, 'NotAllowedError', 'Unauthorized'),
    );
    const error = await client
      .createProject(request, { credentials })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
  });

  it('gets a project, and undefined for 404', async () => {
    const client = await clientFor((req, res) => {
      if (req.url === '/api/supabase/projects/team-a/todo-db') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(project('Running')));
      } else sendError(res, 404, 'NotFoundError', 'no such project');
    });
    expect((await client.getProject(request, { credentials }))?.phase).toBe(
      'Running',
    );
    expect(
      await client.getProject(
        { namespace: 'team-a', name: 'other' },
        { credentials },
      ),
    ).toBeUndefined();
    expect(server!.requests.map(r => r.auth)).toEqual([
      expectedAuth,
      expectedAuth,
    ]);
  });

  it('follows the status stream, across split frames and heartbeats', async () => {
    let closed = false;
    const client = await clientFor((req, res) => {
      expect(req.url).toBe(
        '/api/supabase/stream?namespace=team-a&name=todo-db',
      );
      expect(req.headers.accept).toBe('text/event-stream');
      req.on('close', () => (closed = true));
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
      });
      const first = `event: project\ndata: ${JSON.stringify(
        project('Pending'),
      )}\n\n`;
      res.write(first.slice(0, 20));
      res.write(`${first.slice(20)}: keep-alive\n\n`);
      res.write(
        `event: event\ndata: {"namespace":"team-a","name":"todo-db","event":{}}\n\n`,
      );
      res.write(
        `event: project\ndata: ${JSON.stringify(project('Running'))}\n\n`,
      );
      // Left open, as the real stream is.
    });

    const phases: string[] = [];
    for await (const p of client.watchProject(request, { credentials })) {
      phases.push(p.phase);
      if (p.phase === 'Running') break;
    }

    expect(phases).toEqual(['Pending', 'Running']);
    expect(server!.requests[0].auth).toBe(expectedAuth);
    // Breaking out of the loop closes the connection.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it('ends the stream with NotFoundError when the project is deleted', async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(
        `event: deleted\ndata: {"namespace":"team-a","name":"todo-db"}\n\n`,
      );
    });
    const iterate = async () => {
      for await (const _ of client.watchProject(request, { credentials })) {
        // nothing is sent before the deletion
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets a wait fall back to polling when the backend has no stream', async () => {
    const phases: SupabaseProject['phase'][] = [
      'ValidatingDependencies',
      'InitializingDatabase',
      'Running',
    ];
    const client = await clientFor((req, res) => {
      if (req.url?.startsWith('/api/supabase/stream')) {
        sendError(res, 404, 'NotFoundError', 'Not Found');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(project(phases.shift() ?? 'Running')));
    });
    const logger = mockServices.logger.mock();

    const result = await waitForProjectPhase({
      client,
      ref: request,
      target: 'Running',
      timeoutSeconds: 5,
      credentials,
      logger,
      pollIntervalMs: 5,
    });

    expect(result.phase).toBe('Running');
    expect(server!.requests.map(r => r.url)).toEqual([
      '/api/supabase/stream?namespace=team-a&name=todo-db',
      '/api/supabase/projects/team-a/todo-db',
      '/api/supabase/projects/team-a/todo-db',
      '/api/supabase/projects/team-a/todo-db',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('polling every 0.005 s instead'),
    );
  });
});
