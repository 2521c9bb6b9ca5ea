/* Many projects created at once on the local cluster, then left alone: the
 * creation's API requests per project and duplicate Jobs, then the API
 * requests per second while every project is Running and nothing changes
 * (the periodic resync and watch reconnects included), with the backend's
 * CPU and memory. The local cluster runs in a process of its own, so the
 * backend's figures are its own; its CPU and memory are reported beside. */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { countRunning, waitAllRunning } from './lib/allRunning';
import { startBenchEnvironment } from './lib/env';
import { watchJobCreations } from './lib/jobCreations';
import { mb } from './lib/stats';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);
/** How long the projects are left alone and measured. */
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 300);
/** The plugin's default `supabase.resyncIntervalSeconds`. */
const RESYNC_SECONDS = Number(process.env.BENCH_RESYNC_SECONDS ?? 30);
/** Projects created at a time (all at once by default). */
const BATCH = Number(process.env.BENCH_BATCH ?? PROJECTS);

/** Where to write a CPU profile of the time at rest (none by default). */
const PROFILE = process.env.BENCH_CPU_PROFILE;
/** PostgreSQL servers the projects' databases are spread over. */
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1);
/** Runs the local cluster in this process, as runs before 2026-12-01 did. */
const CLUSTER_IN_PROCESS = process.env.BENCH_CLUSTER_IN_PROCESS === '1';

const percentOf = (micros: number, seconds: number) =>
  Math.round((micros / 1e6 / seconds) * 1000) / 10;

/** Profiles the process from now on; the returned function writes it out. */
async function startProfile(file: string) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function main() {
  const env = await startBenchEnvironment({
    watch: true,
    clusterProcess: !CLUSTER_IN_PROCESS,
    servers: SERVERS,
  });
  const jobCreations = await watchJobCreations(env.kubeConfig);
  const { worker } = env.provisioning;
  // The resync the plugin schedules, as the scheduler would run it.
  const resync = setInterval(() => {
    worker.resync().catch(error => console.error(error));
  }, RESYNC_SECONDS * 1000);

  const rssBefore = process.memoryUsage().rss;
  const clusterBefore = await env.cluster.stats();
  const requestsBefore = clusterBefore.requests;
  const started = Date.now();
  for (let i = 0; i < PROJECTS; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, PROJECTS - i) }, (_, j) =>
        env.createProject(`idle-${i + j}`),
      ),
    );
  }
  await waitAllRunning(env.store, PROJECTS, 3_600_000);
  const allRunningMs = Date.now() - started;
  const clusterRunning = await env.cluster.stats();
  const creationRequests = clusterRunning.requests - requestsBefore;
  const rssRunning = process.memoryUsage().rss;
  console.log(
    JSON.stringify({
      bench: 'idle-projects-creation',
      projects: PROJECTS,
      servers: SERVERS,
      allRunningMs,
      apiRequests: creationRequests,
      apiRequestsPerProject:
        Math.round((creationRequests / PROJECTS) * 10) / 10,
      duplicateJobs: jobCreations.duplicates(),
      // The pipeline's part of apiRequests, by verb and kind.
      apiCalls: env.apiCalls(),
      clusterInProcess: CLUSTER_IN_PROCESS,
      backendRssBeforeMb: mb(rssBefore),
      backendRssRunningMb: mb(rssRunning),
      clusterRssBeforeMb: mb(clusterBefore.rss),
      clusterRssRunningMb: mb(clusterRunning.rss),
    }),
  );

  // Let the last reconciles and rollouts settle, then measure at rest.
  await worker.idle();
  const idleStart = Date.now();
  const clusterAtRest = await env.cluster.stats();
  const callsAtRest = env.apiCalls();
  const cpu = process.cpuUsage();
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 5_000);
  const stopProfile = PROFILE ? await startProfile(PROFILE) : undefined;
  await new Promise(resolve => setTimeout(resolve, IDLE_SECONDS * 1000));
  await stopProfile?.();
  clearInterval(sampler);
  const seconds = (Date.now() - idleStart) / 1000;
  const clusterAfter = await env.cluster.stats();
  const requests = clusterAfter.requests - clusterAtRest.requests;
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      bench: 'idle-projects-at-rest',
      projects: PROJECTS,
      runningAtEnd: await countRunning(env.store),
      seconds: Math.round(seconds),
      resyncSeconds: RESYNC_SECONDS,
      apiRequests: requests,
      apiRequestsPerSecond: Math.round((requests / seconds) * 100) / 100,
      apiCalls: env.apiCalls(callsAtRest),
      // With the local cluster in this process, it is in here too.
      backendCpuPercent: percentOf(used.user + used.system, seconds),
      clusterCpuPercent:
        clusterAfter.cpuMicros === undefined
          ? undefined
          : percentOf(
              clusterAfter.cpuMicros - clusterAtRest.cpuMicros!,
              seconds,
            ),
      backendRssMinMb: mb(Math.min(...rss)),
      backendRssMaxMb: mb(Math.max(...rss)),
      backendRssAfterMb: mb(process.memoryUsage().rss),
      clusterRssAfterMb: mb(clusterAfter.rss),
    }),
  );

  clearInterval(resync);
  jobCreations.stop();
  await env.stop();
  const duplicates = jobCreations.duplicates() > 0;
  process.exit(duplicates ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
