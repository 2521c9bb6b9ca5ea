/* Many projects (100 by default; the scale target is 1,000) created at once
 * on the local cluster: time until all are Running, Kubernetes API requests
 * per project, no duplicate Jobs, and the memory of the backend and of the
 * local cluster (in a process of its own, so that each figure is its own). */
import { waitAllRunning } from './lib/allRunning';
import { startBenchEnvironment } from './lib/env';
import { watchJobCreations } from './lib/jobCreations';
import { mb } from './lib/stats';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);
/** PostgreSQL servers the projects' databases are spread over, in turn. */
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1);
/** Runs the local cluster in this process, as runs before 2026-12-02 did. */
const CLUSTER_IN_PROCESS = process.env.BENCH_CLUSTER_IN_PROCESS === '1';

async function main() {
  const env = await startBenchEnvironment({
    watch: true,
    clusterProcess: !CLUSTER_IN_PROCESS,
    servers: SERVERS,
  });
  const jobCreations = await watchJobCreations(env.kubeConfig);
  const rssBefore = process.memoryUsage().rss;
  const clusterBefore = await env.cluster.stats();
  const started = Date.now();
  const projects = await Promise.all(
    Array.from({ length: PROJECTS }, (_, i) => env.createProject(`many-${i}`)),
  );
  await waitAllRunning(env.store, PROJECTS, 3_600_000);
  const elapsed = Date.now() - started;
  const clusterAfter = await env.cluster.stats();
  const requests = clusterAfter.requests - clusterBefore.requests;
  const rssAfter = process.memoryUsage().rss;
  const duplicates = jobCreations.duplicates();
  const apiCalls = env.apiCalls();
  jobCreations.stop();
  await env.stop();
  console.log(
    JSON.stringify({
      bench: 'hundred-projects',
      projects: projects.length,
      servers: SERVERS,
      allRunningMs: elapsed,
      apiRequests: requests,
      apiRequestsPerProject: Math.round((requests / PROJECTS) * 10) / 10,
      duplicateJobs: duplicates,
      // The pipeline's part of apiRequests (the rest: the caches' lists and
      // watches, and the benchmark's own watch).
      apiCalls,
      clusterInProcess: CLUSTER_IN_PROCESS,
      backendRssBeforeMb: mb(rssBefore),
      backendRssAfterMb: mb(rssAfter),
      clusterRssBeforeMb: mb(clusterBefore.rss),
      clusterRssAfterMb: mb(clusterAfter.rss),
    }),
  );
  if (duplicates > 0) process.exit(1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
