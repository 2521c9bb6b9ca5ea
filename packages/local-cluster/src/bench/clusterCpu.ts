/**
 * The local cluster's CPU time under load: N namespaces, each with eight
 * Deployments (a simulated container with 30 environment variables), a Job
 * (a real `sh` that exits 0), a ConfigMap, a Secret and a Service, created at
 * once while a client watches pods, Jobs and Deployments, reads each
 * Deployment twice, patches it twice (the second patch changes nothing) and
 * lists the namespace's pods; then every namespace is deleted (the garbage
 * collector and the namespace controller remove what is in them).
 *
 * The cluster runs in this process and the client in a child process, so the
 * CPU time reported (process.cpuUsage) is the cluster's alone. CPU time, not
 * wall time, is what compares across runs on a busy machine.
 *
 * Run from the package folder:
 *   BENCH_NAMESPACES=200 node --require @backstage/cli/config/nodeTransform.cjs src/bench/clusterCpu.ts
 */
import { fork } from 'node:child_process';
import { startLocalCluster } from '../cluster';
import { DEPLOYMENTS, deployment, JSON_PATCH } from './workload';

const CLIENT_ARG = 'client';
/** What a reconciler does to a Deployment it owns: read, patch, read, patch. */
async function touch(apps: any, namespace: string, name: string) {
  await apps.readNamespacedDeployment({ name, namespace });
  // The client sends patches as JSON patches (its first content type).
  const body = JSON_PATCH;
  await apps.patchNamespacedDeployment({ name, namespace, body });
  await apps.readNamespacedDeployment({ name, namespace });
  await apps.patchNamespacedDeployment({ name, namespace, body });
}

async function runClient(count: number) {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromString(process.env.BENCH_KUBECONFIG!);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  const names = Array.from({ length: count }, (_, i) => `bench-${i}`);

  const readyDeployments = new Set<string>();
  const doneJobs = new Set<string>();
  const watchEvents = { count: 0 };
  const watch = new k8s.Watch(kc);
  let settle: () => void = () => {};
  const settled = new Promise<void>(resolve => {
    settle = resolve;
  });
  const check = () => {
    if (
      readyDeployments.size === count * DEPLOYMENTS &&
      doneJobs.size === count
    )
      settle();
  };
  const watches = await Promise.all([
    watch.watch(
      '/apis/apps/v1/deployments',
      {},
      (_type, obj: any) => {
        watchEvents.count++;
        if (obj.status?.readyReplicas === 1)
          readyDeployments.add(
            `${obj.metadata.namespace}/${obj.metadata.name}`,
          );
        check();
      },
      () => {},
    ),
    watch.watch(
      '/apis/batch/v1/jobs',
      {},
      (_type, obj: any) => {
        watchEvents.count++;
        if (obj.status?.succeeded === 1) doneJobs.add(obj.metadata.namespace);
        check();
      },
      () => {},
    ),
    watch.watch(
      '/api/v1/pods',
      {},
      () => {
        watchEvents.count++;
      },
      () => {},
    ),
  ]);

  const labels = { app: 'bench' };
  await Promise.all(
    names.map(async namespace => {
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      await Promise.all([
        core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: 'config' }, data: { key: 'value' } },
        }),
        core.createNamespacedSecret({
          namespace,
          body: { metadata: { name: 'secret' }, stringData: { key: 'value' } },
        }),
        core.createNamespacedService({
          namespace,
          body: {
            metadata: { name: 'web' },
            spec: { selector: labels, ports: [{ port: 80 }] },
          },
        }),
        ...Array.from({ length: DEPLOYMENTS }, async (_, i) => {
          await apps.createNamespacedDeployment({
            namespace,
            body: deployment(`component-${i}`),
          });
          await touch(apps, namespace, `component-${i}`);
        }),
        batch.createNamespacedJob({
          namespace,
          body: {
            metadata: { name: 'init' },
            spec: {
              backoffLimit: 0,
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [
                    {
                      name: 'main',
                      image: 'postgres:16',
                      command: ['sh', '-c', 'exit 0'],
                    },
                  ],
                },
              },
            },
          },
        }),
      ]);
    }),
  );
  await settled;
  await Promise.all(
    names.map(namespace => core.listNamespacedPod({ namespace })),
  );
  await Promise.all(
    names.map(name =>
      core.deleteNamespace({ name, propagationPolicy: 'Background' }),
    ),
  );
  // Deleted once listing them finds none of ours.
  for (;;) {
    const { items } = await core.listNamespace();
    if (!items.some(ns => ns.metadata?.name?.startsWith('bench-'))) break;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  for (const w of watches) w.abort();
  process.send!({ watchEvents: watchEvents.count });
}

async function main() {
  const count = Number(process.env.BENCH_NAMESPACES ?? 200);
  if (process.argv[2] === CLIENT_ARG) {
    await runClient(count);
    return;
  }
  const cluster = await startLocalCluster({ simulatedReadyDelayMs: 20 });
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const child = fork(__filename, [CLIENT_ARG], {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_KUBECONFIG: cluster.kubeconfigYaml },
  });
  let report: { watchEvents?: number } = {};
  child.on('message', message => {
    report = message as typeof report;
  });
  const code = await new Promise<number | null>(resolve =>
    child.on('exit', resolve),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = Date.now() - started;
  const requests = cluster.requestCount();
  await cluster.stop();
  if (code !== 0) throw new Error(`the client exited with ${code}`);
  process.stdout.write(
    `${JSON.stringify({
      namespaces: count,
      clusterCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      wallMs,
      requests,
      watchEvents: report.watchEvents,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
