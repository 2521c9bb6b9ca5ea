import { FetchMiddlewares, createFetchApi } from '@backstage/core-app-api';
import type { IdentityApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { LogChunkEvent } from '@supabase-backstage/plugin-supabase-common';
import { SupabaseClient } from './SupabaseClient';

const BASE = 'http://backend/api/supabase';
const ref = { namespace: 'team-a', name: 'shop' };

/** A response whose body the test feeds frame by frame. */
function controlledStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream' },
    }),
    send(frame: string) {
      controller.enqueue(encoder.encode(frame));
    },
    /** The connection drops without an `end` event. */
    drop() {
      controller.close();
    },
  };
}

function logFrame(chunk: LogChunkEvent): string {
  const end = chunk.offset + chunk.text.length;
  return `event: log\nid: ${chunk.attempt}:${end}\ndata: ${JSON.stringify(
    chunk,
  )}\n\n`;
}

function errorResponse(status: number, name: string, message: string) {
  return new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'GET', url: '/x' },
      response: { statusCode: status },
    }),
    { status, headers: { 'Content-Type': 'application/json' } },
  );
}

function makeClient(fetch: jest.Mock) {
  return new SupabaseClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch },
    // Reconnect at once: the tests check what is sent, not when.
    streamBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
  });
}

/** What the client sent to fetch. */
async function sent(fetch: jest.Mock, call = 0) {
  const [input, init] = fetch.mock.calls[call] as [RequestInfo, RequestInit?];
  const request = new Request(input, init);
  return {
    method: request.method,
    url: request.url,
    contentType: request.headers.get('content-type'),
    body: request.body ? await request.text() : undefined,
  };
}

function headerOf(init: RequestInit | undefined, name: string) {
  const headers = (init?.headers ?? {}) as Record<string, string>;
  return headers[name];
}

describe('SupabaseClient REST', () => {
  it('reveals a secret with a POST of its own, and passes a refusal on', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({ secret: 'serviceRoleKey', value: 'eyJ.key' }),
          { status: 200 },
        ),
      )
      .mockResolvedValueOnce(
        errorResponse(403, 'NotAllowedError', 'Missing permission'),
      );
    const client = makeClient(fetch);
    await expect(client.revealSecret(ref, 'serviceRoleKey')).resolves.toEqual({
      secret: 'serviceRoleKey',
      value: 'eyJ.key',
    });
    expect(await sent(fetch)).toMatchObject({
      method: 'POST',
      url: `${BASE}/projects/team-a/shop/secrets/serviceRoleKey/reveal`,
    });
    const refused = await client
      .revealSecret(ref, 'connectionString')
      .catch(e => e);
    expect(ResponseError.is(refused) && refused.statusCode).toBe(403);
  });

  it('passes filters and paging as query parameters', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(JSON.stringify({ items: [], totalCount: 0 }), {
          status: 200,
        }),
    );
    await makeClient(fetch).listProjects({
      namespace: 'team-a',
      phase: 'Failed',
      search: 'sh op',
      limit: 20,
      offset: 40,
    });
    expect((await sent(fetch)).url).toBe(
      `${BASE}/projects?namespace=team-a&phase=Failed&search=sh%20op&limit=20&offset=40`,
    );
  });

  it('encodes the project reference and posts retries', async () => {
    const fetch = jest.fn(async () => new Response('{}', { status: 202 }));
    await makeClient(fetch).retryProject({ namespace: 'a b', name: 'x/y' });
    expect(await sent(fetch)).toMatchObject({
      method: 'POST',
      url: `${BASE}/projects/a%20b/x%2Fy/retry`,
    });
  });

  it('posts rotations to their own endpoints', async () => {
    const fetch = jest.fn(async () => new Response('{}', { status: 202 }));
    const client = makeClient(fetch);
    await client.rotateJwtSecret(ref);
    await client.rotateRolePasswords(ref);
    expect(await sent(fetch, 0)).toMatchObject({
      method: 'POST',
      url: `${BASE}/projects/team-a/shop/rotate-jwt-secret`,
    });
    expect(await sent(fetch, 1)).toMatchObject({
      method: 'POST',
      url: `${BASE}/projects/team-a/shop/rotate-role-passwords`,
    });
  });

  it('rejects with the ResponseError parsed from the Backstage error body', async () => {
    const fetch = jest.fn(async () =>
      errorResponse(409, 'ConflictError', 'Project team-a/shop is not Failed'),
    );
    const error = await makeClient(fetch)
      .retryProject(ref)
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe('Project team-a/shop is not Failed');
  });

  it('patches the whole new spec', async () => {
    const fetch = jest.fn(async () => new Response('{}', { status: 200 }));
    const spec = {
      database: { secretRef: 'shop-db' },
      components: { rest: { replicas: 3 } },
    };
    await makeClient(fetch).updateProject(
      { namespace: 'a b', name: 'x' },
      spec,
    );
    expect(await sent(fetch)).toEqual({
      method: 'PATCH',
      url: `${BASE}/projects/a%20b/x`,
      contentType: 'application/json',
      body: JSON.stringify({ spec }),
    });
  });

  it("sends a body through Backstage's own fetch middleware, signed in", async () => {
    const base = jest.fn(async () => new Response('{}', { status: 200 }));
    // The app's fetchApi: each middleware builds a Request from what it is
    // handed, so a body must reach the last one unread.
    const fetchApi = createFetchApi({
      baseImplementation: base,
      middleware: [
        FetchMiddlewares.resolvePluginProtocol({
          discoveryApi: { getBaseUrl: async () => BASE },
        }),
        FetchMiddlewares.injectIdentityAuth({
          identityApi: {
            getCredentials: async () => ({ token: 'user-token' }),
          } as unknown as IdentityApi,
          allowUrl: () => true,
        }),
      ],
    });
    const spec = { database: { secretRef: 'shop-db' } };
    await new SupabaseClient({
      discoveryApi: { getBaseUrl: async () => BASE },
      fetchApi,
    }).updateProject(ref, spec);
    const request = new Request(
      ...(base.mock.calls[0] as unknown as [RequestInfo, RequestInit?]),
    );
    expect(request.method).toBe('PATCH');
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
    expect(await request.text()).toBe(JSON.stringify({ spec }));
  });

  it('rejects an update with the message that names the field', async () => {
    const fetch = jest.fn(async () =>
      errorResponse(
        400,
        'InputError',
        'Invalid project update: Secret shop-tls (ingress.tlsSecretRef) not found. Nothing was changed.',
      ),
    );
    const error = await makeClient(fetch)
      .updateProject(ref, { database: { secretRef: 'shop-db' } })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toContain('ingress.tlsSecretRef');
  });

  it('downloads a log as plain text', async () => {
    const fetch = jest.fn(async () => new Response('line 1\nline 2\n'));
    await expect(makeClient(fetch).getDbInitLog(ref, 7, 2)).resolves.toBe(
      'line 1\nline 2\n',
    );
    expect(await sent(fetch)).toMatchObject({
      method: 'GET',
      url: `${BASE}/projects/team-a/shop/db-init/runs/7/attempts/2/log`,
    });
  });
});

describe('SupabaseClient log stream', () => {
  it('follows chunks, resumes with Last-Event-ID after a drop and never repeats text', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(first.response)
      .mockResolvedValueOnce(second.response);
    const received: string[] = [];
    const states: string[] = [];
    const controller = new AbortController();

    const done = makeClient(fetch).streamDbInitLogs(
      ref,
      { run: 3 },
      {
        onLog: chunk => received.push(chunk.text),
        onConnectionChange: state => states.push(state),
      },
      { signal: controller.signal },
    );

    first.send(logFrame({ attempt: 1, offset: 0, text: 'hello ' }));
    first.send(logFrame({ attempt: 1, offset: 6, text: 'world\n' }));
    await waitUntil(() => received.length === 2);
    first.drop();

    await waitUntil(() => fetch.mock.calls.length === 2);
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe(`${BASE}/projects/team-a/shop/db-init/logs?run=3`);
    expect(headerOf(init, 'last-event-id')).toBe('1:12');

    // A server that resumes a little early: the overlap must not show twice.
    second.send(logFrame({ attempt: 1, offset: 6, text: 'world\nmore\n' }));
    second.send(logFrame({ attempt: 1, offset: 0, text: 'hello ' }));
    second.send('event: attempt\ndata: {"attempt":2,"state":"Running"}\n\n');
    second.send(logFrame({ attempt: 2, offset: 0, text: 'second try\n' }));
    second.send('event: end\ndata: {}\n\n');

    await expect(done).resolves.toBe('ended');
    expect(received.join('')).toBe('hello world\nmore\nsecond try\n');
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('sends the attempt and stops when the signal aborts', async () => {
    const stream = controlledStream();
    const fetch = jest.fn().mockResolvedValue(stream.response);
    const controller = new AbortController();
    const onLog = jest.fn();
    const done = makeClient(fetch).streamDbInitLogs(
      ref,
      { run: 3, attempt: 2 },
      { onLog },
      { signal: controller.signal },
    );
    stream.send(logFrame({ attempt: 2, offset: 0, text: 'x' }));
    await waitUntil(() => onLog.mock.calls.length === 1);
    controller.abort();
    await expect(done).resolves.toBe('aborted');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/projects/team-a/shop/db-init/logs?run=3&attempt=2`,
    );
  });

  it('retries server errors but gives up on a permission error', async () => {
    const stream = controlledStream();
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(errorResponse(503, 'ServiceUnavailable', 'busy'))
      .mockResolvedValueOnce(
        errorResponse(403, 'NotAllowedError', 'Not allowed to read logs'),
      )
      .mockResolvedValue(stream.response);
    const states: string[] = [];
    const error = await makeClient(fetch)
      .streamDbInitLogs(
        ref,
        { run: 1 },
        { onLog: jest.fn(), onConnectionChange: s => states.push(s) },
        { signal: new AbortController().signal },
      )
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(states).toEqual(['connecting', 'reconnecting']);
  });
});

describe('SupabaseClient status stream', () => {
  it('turns frames into typed project stream events', async () => {
    const stream = controlledStream();
    const fetch = jest.fn().mockResolvedValue(stream.response);
    const events: unknown[] = [];
    const controller = new AbortController();
    const done = makeClient(fetch).streamProjects(
      ref,
      { onEvent: e => events.push(e) },
      { signal: controller.signal },
    );
    stream.send(
      `event: project\ndata: ${JSON.stringify({
        ...ref,
        phase: 'Running',
      })}\n\n`,
    );
    stream.send(
      `event: event\ndata: ${JSON.stringify({
        ...ref,
        event: { id: 4, phase: 'Running' },
      })}\n\n`,
    );
    stream.send('event: project\ndata: not json\n\n');
    stream.send(`event: deleted\ndata: ${JSON.stringify(ref)}\n\n`);
    await waitUntil(() => events.length === 3);
    controller.abort();
    await done;

    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/stream?namespace=team-a&name=shop`,
    );
    expect(events).toEqual([
      { type: 'project', project: { ...ref, phase: 'Running' } },
      { type: 'event', ...ref, event: { id: 4, phase: 'Running' } },
      { type: 'deleted', ...ref },
    ]);
  });
});

/** Waits for a condition driven by stream callbacks (no timing asserted). */
async function waitUntil(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}
