/* 100 projects created at once on the local cluster: time until all are
 * Running, Kubernetes API requests per project, and no duplicate Jobs. */
import { startBenchEnvironment } from './lib/env';
import { watchJobCreations } from './lib/jobCreations';
import { waitFor } from './lib/stats';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100);

async function main() {
  const env = await startBenchEnvironment({ watch: true });
  const jobCreations = await watchJobCreations(env.kubeConfig);
  const requestsBefore = (await env.cluster.stats()).requests;
  const started = Date.now();
  const projects = await Promise.all(
    Array.from({ length: PROJECTS }, (_, i) => env.createProject(`many-${i}`)),
  );
  await waitFor(
    async () => {
      const { items } = await env.store.listProjects({
        phase: 'Running',
        limit: 500,
      });
      return items.length === PROJECTS ? true : undefined;
    },
    600_000,
    'all projects Running',
  );
  const elapsed = Date.now() - started;
  const requests = (await env.cluster.stats()).requests - requestsBefore;
  const duplicates = jobCreations.duplicates();
  jobCreations.stop();
  await env.stop();
  console.log(
    JSON.stringify({
      bench: 'hundred-projects',
      projects: projects.length,
      allRunningMs: elapsed,
      apiRequests: requests,
      apiRequestsPerProject: Math.round((requests / PROJECTS) * 10) / 10,
      duplicateJobs: duplicates,
    }),
  );
  if (duplicates > 0) process.exit(1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
