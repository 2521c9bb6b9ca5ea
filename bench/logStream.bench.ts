/* A pod log line → shown by the streaming endpoint: latency of lines a real
 * process prints with its clock, and sustained throughput with memory, read
 * through the plugin's SSE route from a db-init attempt's live pod. */
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readiness } from '../plugins/supabase-backend/src/service/Readiness';
import { createRouter } from '../plugins/supabase-backend/src/service/router';
import { startBenchEnvironment } from './lib/env';
import { summary, waitFor } from './lib/stats';

const LATENCY_LINES = 200;
const THROUGHPUT_MB = Number(process.env.BENCH_MB ?? 200);

async function main() {
  const env = await startBenchEnvironment({ watch: true });
  const k8s = await import('@kubernetes/client-node');
  const batch = env.kubeConfig.makeApiClient(k8s.BatchV1Api);
  const core = env.kubeConfig.makeApiClient(k8s.CoreV1Api);

  // Permissions and auth are Backstage's concern, not what is measured here.
  const allow = {
    auth: { isPrincipal: () => true } as any,
    httpAuth: {
      credentials: async () => ({
        principal: { type: 'user', userEntityRef: 'user:default/bench' },
      }),
    } as any,
    authorizer: {
      authorizeProject: async () => {},
      decideForProjects: async () => ({ result: 'all' }),
    } as any,
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    } as any,
  };
  const app = express().use(
    '/api/supabase',
    await createRouter({
      ...allow,
      store: env.store,
      keys: env.keys,
      clusters: env.provisioning.clusters,
      worker: env.provisioning.worker,
      changes: env.provisioning.changes,
      logger: console as any,
      readiness: new Readiness([]),
    }),
  );
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  /** A project whose db-init attempt is a pod running `script`. */
  async function attemptRunning(name: string, script: string) {
    const project = await env.store.createProject({
      namespace: 'bench',
      name,
      spec: { database: { secretRef: 'db' } },
    });
    // Failed projects are left alone by the pipeline: only the stream reads it.
    await env.store.transition(project.uid, {
      from: 'Pending',
      to: 'Failed',
      reason: 'Bench',
      message: 'benchmark fixture',
    });
    const job: V1Job = {
      metadata: { name: `${name}-db-init`, namespace: 'bench' },
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'db-init',
                image: 'postgres:15-alpine',
                command: ['sh', '-c', script],
              },
            ],
          },
        },
      },
    };
    await batch.createNamespacedJob({ namespace: 'bench', body: job });
    const pod = await waitFor<V1Pod>(
      async () =>
        (
          await core.listNamespacedPod({
            namespace: 'bench',
            labelSelector: `job-name=${name}-db-init`,
          })
        ).items[0],
      10_000,
      'pod',
    );
    const run = await env.store.createRun({
      projectUid: project.uid,
      jobName: `${name}-db-init`,
      trigger: 'Bench',
      sqlVersion: 'bench',
      backoffLimit: 0,
    });
    await env.store.upsertAttempt(run.id, {
      attempt: 1,
      podName: pod.metadata!.name!,
      state: 'Running',
    });
    return run;
  }

  /** Reads the SSE route until `onText` returns true (or the stream ends). */
  function stream(
    name: string,
    runId: number,
    onText: (text: string) => boolean,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      http
        .get(
          `http://127.0.0.1:${port}/api/supabase/projects/bench/${name}/db-init/logs?run=${runId}&attempt=1`,
          res => {
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', chunk => {
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end !== -1) {
                const frame = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = frame
                  .split('\n')
                  .find(l => l.startsWith('data: '));
                const done =
                  frame.startsWith('event: log') && data
                    ? onText(JSON.parse(data.slice(6)).text)
                    : false;
                if (done || frame.startsWith('event: end')) {
                  res.destroy();
                  resolve();
                }
                end = buffer.indexOf('\n\n');
              }
            });
            res.on('end', () => resolve());
          },
        )
        .on('error', reject);
    });
  }

  // Latency: the pod prints its wall clock (ms) every 20 ms.
  const latency: number[] = [];
  const run1 = await attemptRunning(
    'latency',
    `i=0; while [ $i -lt ${LATENCY_LINES} ]; do echo "t=$(date +%s%3N)"; i=$((i+1)); sleep 0.02; done`,
  );
  let partial = '';
  await stream('latency', run1.id, text => {
    const now = Date.now();
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const match = /^t=(\d+)$/.exec(line);
      if (match) latency.push(now - Number(match[1]));
    }
    return latency.length >= LATENCY_LINES;
  });
  console.log(
    JSON.stringify({
      bench: 'log-line-to-sse',
      unit: 'ms',
      ...summary(latency),
    }),
  );

  // Throughput: the pod writes THROUGHPUT_MB of log as fast as it can.
  const run2 = await attemptRunning(
    'throughput',
    `head -c ${
      THROUGHPUT_MB * 1024 * 1024
    } /dev/zero | tr '\\0' 'x' | fold -w 99`,
  );
  let received = 0;
  const rss: number[] = [];
  const sampler = setInterval(
    () => rss.push(process.memoryUsage().rss / 1024 / 1024),
    250,
  );
  const start = performance.now();
  let lastTextAt = start;
  const total = THROUGHPUT_MB * 1024 * 1024;
  // The stream ends after the attempt (never archived here) is given up on:
  // time the transfer by its last chunk, not by the end of the stream.
  await stream('throughput', run2.id, text => {
    lastTextAt = performance.now();
    // fold adds a newline after every 99 characters.
    received += Buffer.byteLength(text.replace(/\n/g, ''));
    return received >= total;
  });
  const seconds = (lastTextAt - start) / 1000;
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      bench: 'log-stream-throughput',
      writtenMB: THROUGHPUT_MB,
      // A reader slower than the writer skips what the node's 10 MiB log
      // window no longer holds, as with a rotated container log.
      receivedMB: Math.round(received / 1024 / 1024),
      seconds: Math.round(seconds * 10) / 10,
      mbPerSecond: Math.round((received / 1024 / 1024 / seconds) * 10) / 10,
      rssMB: {
        first: Math.round(rss[0] ?? 0),
        max: Math.round(Math.max(...rss)),
        last: Math.round(rss[rss.length - 1] ?? 0),
      },
    }),
  );
  server.close();
  await env.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
