/* Many projects created at once on the local cluster, then left alone: the
 * creation's API requests per project and duplicate Jobs, then the API
 * requests per second while every project is Running and nothing changes
 * (the periodic resync and watch reconnects included), with the backend's
 * CPU and memory. The local cluster runs in a process of its own, so the
 * backend's figures are its own; its CPU and memory are reported beside. */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startBenchEnvironment } from './lib/env';
import { watchJobCreations } from './lib/jobCreations';
import { waitFor } from './lib/stats';

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

const mb = (bytes: number | undefined) =>
  bytes === undefined ? undefined : Math.round(bytes / 1024 / 1024);
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
  const requestsBefore = (await env.cluster.stats()).requests;
  const started = Date.now();
  for (let i = 0; i < PROJECTS; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, PROJECTS - i) }, (_, j) =>
        env.createProject(`idle-${i + j}`),
      ),
    );
  }
  // How far a long run has got, on stderr, every half minute.
  let running = 0;
  const progress = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.error(`${seconds} s: ${running} of ${PROJECTS} Running`);
  }, 30_000);
  await waitFor(
    async () => {
      const { items } = await env.store.listProjects({
        phase: 'Running',
        limit: PROJECTS + 1,
      });
      running = items.length;
      return running === PROJECTS ? true : undefined;
    },
    3_600_000,
    'all projects Running',
    500,
  );
  clearInterval(progress);
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
      clusterInProcess: CLUSTER_IN_PROCESS,
      backendRssBeforeMb: mb(rssBefore),
      backendRssRunningMb: mb(rssRunning),
      clusterRssRunningMb: mb(clusterRunning.rss),
    }),
  );

  // Let the last reconciles and rollouts settle, then measure at rest.
  await worker.idle();
  const idleStart = Date.now();
  const clusterAtRest = await env.cluster.stats();
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
  const { items } = await env.store.listProjects({
    phase: 'Running',
    limit: PROJECTS + 1,
  });
  console.log(
    JSON.stringify({
      bench: 'idle-projects-at-rest',
      projects: PROJECTS,
      runningAtEnd: items.length,
      seconds: Math.round(seconds),
      resyncSeconds: RESYNC_SECONDS,
      apiRequests: requests,
      apiRequestsPerSecond: Math.round((requests / seconds) * 100) / 100,
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
