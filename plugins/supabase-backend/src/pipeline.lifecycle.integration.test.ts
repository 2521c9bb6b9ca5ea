import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startSupabaseBackend } from './__testUtils__/startSupabaseBackend';
import {
  startTestCluster,
  TestCluster,
} from './__testUtils__/startTestCluster';

jest.setTimeout(600_000);

const PASSWORD = `s3cr3t'"@:/?#$\`\\ ü-lifecycle`;

/** Reads an SSE response until `until` says stop; returns the frames. */
function readEvents(
  server: http.Server,
  path: string,
  until: (frames: Array<{ event: string; data: any; id?: string }>) => boolean,
): Promise<{
  frames: Array<{ event: string; data: any; id?: string }>;
  raw: string;
}> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/supabase${path}`,
        headers: {
          authorization: mockCredentials.user.header('user:default/jane'),
        },
      },
      res => {
        let raw = '';
        const frames: Array<{ event: string; data: any; id?: string }> = [];
        res.setEncoding('utf8');
        res.on('data', chunk => {
          raw += chunk;
          const parts = raw.split('\n\n');
          frames.length = 0;
          for (const part of parts.slice(0, -1)) {
            const frame: { event: string; data: any; id?: string } = {
              event: 'message',
              data: undefined,
            };
            for (const line of part.split('\n')) {
              if (line.startsWith('event: ')) frame.event = line.slice(7);
              if (line.startsWith('id: ')) frame.id = line.slice(4);
              if (line.startsWith('data: '))
                frame.data = JSON.parse(line.slice(6));
            }
            if (frame.data !== undefined) frames.push(frame);
          }
          if (until(frames)) {
            req.destroy();
            resolve({ frames: [...frames], raw });
          }
        });
        res.on('end', () => resolve({ frames, raw }));
        res.on('error', reject);
      },
    );
    req.on('error', error => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}

// A deleted Deployment put back (pipeline/phases/keepRunning.test.ts) and a
// deletion's objects, rows and kept Secret (pipeline/phases/deleteProject.test.ts)
// are unit tests; deletion on a real cluster is in pipeline.isolation.
describe('project lifecycle', () => {
  let cluster: TestCluster;
  let env: Awaited<ReturnType<typeof startSupabaseBackend>>;

  beforeAll(async () => {
    cluster = await startTestCluster({ postgresPassword: PASSWORD });
    await cluster.createNamespace('team-c');
    await cluster.createDatabaseSecret('team-c', 'db');
    env = await startSupabaseBackend(cluster);
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.stop();
  });

  it('streams db-init logs over SSE, and serves them from the archive after the Job is gone', async () => {
    await env.api
      .post('/projects', {
        namespace: 'team-c',
        name: 'logs',
        spec: { database: { secretRef: 'db', sslMode: 'disable' } },
      })
      .expect(201);
    // Subscribe at once: the stream follows the run until it ends.
    const live = await readEvents(
      env.api.server as unknown as http.Server,
      '/projects/team-c/logs/db-init/logs',
      frames => frames.some(f => f.event === 'end'),
    );
    const text = live.frames
      .filter(f => f.event === 'log')
      .map(f => f.data.text)
      .join('');
    expect(text).toContain('supabase-init: summary');
    const attempts = live.frames
      .filter(f => f.event === 'attempt')
      .map(f => f.data);
    // Announced when it starts (if the stream saw it running) and when it ends.
    expect(attempts[attempts.length - 1]).toEqual({
      attempt: 1,
      state: 'Succeeded',
    });
    for (const started of attempts.slice(0, -1)) {
      expect(started).toEqual({ attempt: 1, state: expect.any(String) });
    }
    expect(live.raw).not.toContain(PASSWORD);

    await env.api.waitFor('team-c/logs', p => p?.phase === 'Running');
    // Kubernetes' TTL controller would delete the Job after 600 s; do it now.
    const k8s = await import('@kubernetes/client-node');
    const batch = cluster.kubeConfig.makeApiClient(k8s.BatchV1Api);
    await batch.deleteNamespacedJob({
      namespace: 'team-c',
      name: 'logs-db-init',
      propagationPolicy: 'Background',
    });

    // Resuming from the middle gives exactly the rest, from the archive.
    const half = Math.floor(text.length / 2);
    const resumed = await readEvents(
      env.api.server as unknown as http.Server,
      `/projects/team-c/logs/db-init/logs?after=1:${half}`,
      frames => frames.some(f => f.event === 'end'),
    );
    const rest = resumed.frames
      .filter(f => f.event === 'log')
      .map(f => f.data.text)
      .join('');
    expect(text.slice(0, half) + rest).toBe(text);

    // The finished init is recorded: the Job's disappearance never re-runs it.
    await new Promise(resolve => setTimeout(resolve, 1_000));
    const status = await env.api.get('/projects/team-c/logs/db-init');
    expect(status.body.runs).toHaveLength(1);
    const project = await env.api.get('/projects/team-c/logs');
    expect(project.body.phase).toBe('Running');
  });
});
