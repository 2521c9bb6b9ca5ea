/* Job finished → project in the next phase: the time between the Job's
 * Complete condition showing up in a watch and the project's move to
 * DeployingSecrets, with watches (push) and without them (a 5 s resync, the
 * Go operator's polling interval). */
import type { V1Job } from '@kubernetes/client-node';
import { startBenchEnvironment } from './lib/env';
import { summary, waitFor } from './lib/stats';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 20);
// "watch" alone leaves out the slow mode without watches.
const MODES = (process.env.BENCH_MODES ?? 'watch,resync').split(',');

async function measure(watch: boolean) {
  const env = await startBenchEnvironment({ watch });
  const k8s = await import('@kubernetes/client-node');
  const completedAt = new Map<string, number>();
  const watcher = await new k8s.Watch(env.kubeConfig).watch(
    '/apis/batch/v1/namespaces/bench/jobs',
    {},
    (_type: string, job: V1Job) => {
      const done = job.status?.conditions?.some(
        c => c.type === 'Complete' && c.status === 'True',
      );
      const name = job.metadata!.name!.replace(/-db-init$/, '');
      if (done && !completedAt.has(name)) completedAt.set(name, Date.now());
    },
    () => {},
  );
  const resync = watch
    ? undefined
    : setInterval(() => env.provisioning.worker.resync(), 5_000);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < PROJECTS; i++) {
      const name = `p${watch ? 'w' : 'r'}${i}`;
      const project = await env.createProject(name);
      const moved = await waitFor(
        async () => {
          const events = await env.store.listEvents(project.uid);
          return events.find(e => e.phase === 'DeployingSecrets');
        },
        // The db-init run itself is in here: minutes on a busy machine.
        300_000,
        `${name} to leave InitializingDatabase`,
      );
      const complete = completedAt.get(name);
      if (complete === undefined)
        throw new Error(`no Complete seen for ${name}`);
      latencies.push(new Date(moved.createdAt).getTime() - complete);
    }
  } finally {
    if (resync) clearInterval(resync);
    watcher.abort();
    await env.stop();
  }
  return summary(latencies);
}

async function main() {
  if (MODES.includes('watch')) {
    const withWatch = await measure(true);
    console.log(
      JSON.stringify({
        bench: 'job-to-phase',
        mode: 'watch',
        unit: 'ms',
        ...withWatch,
      }),
    );
  }
  if (!MODES.includes('resync')) return;
  const withoutWatch = await measure(false);
  console.log(
    JSON.stringify({
      bench: 'job-to-phase',
      mode: 'resync-5s (no watch)',
      unit: 'ms',
      ...withoutWatch,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
