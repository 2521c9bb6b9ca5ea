import type { V1Job, V1Pod } from '@kubernetes/client-node';
import {
  apiError,
  collectWatch,
  isNotFound,
  podsOf,
  useTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

/** A Job whose single pod runs (a real process) until it is stopped. */
function sleeperJob(name: string): V1Job {
  return {
    metadata: { name },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'main',
              image: 'postgres:15-alpine',
              command: ['sh', '-c', 'echo started; sleep 120'],
            },
          ],
        },
      },
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('owner references and garbage collection', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'gc' },
  );

  /** Starts a sleeper Job and waits until its pod's process runs. */
  const runningJob = async (name: string) => {
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: sleeperJob(name),
    });
    return waitFor(async () => {
      const [pod] = await podsOf(t, ns, `job-name=${name}`);
      const info = pod && t.cluster.podRuntime(ns, pod.metadata!.name!);
      const pid = info?.containers[0]?.pid;
      return pod?.status?.phase === 'Running' && pid
        ? { pod: pod.metadata!.name!, pid }
        : undefined;
    }, `the pod of ${name} to run`);
  };

  it('deletes a Job in the background: the Job at once, then its pods, whose processes are stopped', async () => {
    const { pod, pid } = await runningJob('background');
    expect(processAlive(pid)).toBe(true);
    const status = await t.batch.deleteNamespacedJob({
      name: 'background',
      namespace: ns,
      propagationPolicy: 'Background',
    });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(
      await isNotFound(
        t.batch.readNamespacedJob({ name: 'background', namespace: ns }),
      ),
    ).toBe(true);
    await waitFor(
      () => isNotFound(t.core.readNamespacedPod({ name: pod, namespace: ns })),
      'the pod to be gone',
    );
    await waitFor(() => !processAlive(pid), 'the process to end');
  });

  it('deletes a Job in the foreground: the Job waits, with a finalizer, until its pods are gone', async () => {
    const { pod } = await runningJob('foreground');
    const jobs = await collectWatch<V1Job>(
      t,
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      {
        resourceVersion: (
          await t.batch.listNamespacedJob({ namespace: ns })
        ).metadata?.resourceVersion,
      },
    );
    const pods = await collectWatch<V1Pod>(t, `/api/v1/namespaces/${ns}/pods`, {
      resourceVersion: (
        await t.core.listNamespacedPod({ namespace: ns })
      ).metadata?.resourceVersion,
    });
    await t.batch.deleteNamespacedJob({
      name: 'foreground',
      namespace: ns,
      propagationPolicy: 'Foreground',
    });
    const marked = await jobs.next(
      e => !!e.object.metadata?.deletionTimestamp,
      'the Job marked for deletion',
    );
    expect(marked.object.metadata?.finalizers).toEqual(['foregroundDeletion']);
    const jobDeleted = await jobs.next(e => e.type === 'DELETED', 'DELETED');
    const podDeleted = await pods.next(
      e => e.type === 'DELETED' && e.object.metadata?.name === pod,
      'the pod DELETED',
    );
    jobs.abort();
    pods.abort();
    expect(Number(podDeleted.object.metadata?.resourceVersion)).toBeLessThan(
      Number(jobDeleted.object.metadata?.resourceVersion),
    );
  });

  it('orphans the pods of a Job deleted without a policy, with a warning', async () => {
    const { pod, pid } = await runningJob('orphaning');
    const response = await t.batch.deleteNamespacedJobWithHttpInfo({
      name: 'orphaning',
      namespace: ns,
    });
    expect(response.headers.warning).toContain(
      'child pods are preserved by default when jobs are deleted',
    );
    const orphan = await waitFor(async () => {
      const p = await t.core.readNamespacedPod({ name: pod, namespace: ns });
      return p.metadata?.ownerReferences ? undefined : p;
    }, 'the owner reference to go');
    expect(orphan.status?.phase).toBe('Running');
    expect(processAlive(pid)).toBe(true);
    await t.core.deleteNamespacedPod({
      name: pod,
      namespace: ns,
      gracePeriodSeconds: 0,
    });
    await waitFor(() => !processAlive(pid), 'the process to end');
  });

  it('deletes the dependents of any owner whose owner is gone', async () => {
    const owner = await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'owner' } },
    });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata!.uid!,
    };
    await t.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'dependent', ownerReferences: [ref] } },
    });
    await t.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'unrelated' } },
    });
    await t.core.deleteNamespacedConfigMap({ name: 'owner', namespace: ns });
    await waitFor(
      () =>
        isNotFound(
          t.core.readNamespacedSecret({ name: 'dependent', namespace: ns }),
        ),
      'the dependent to be collected',
    );
    await expect(
      t.core.readNamespacedSecret({ name: 'unrelated', namespace: ns }),
    ).resolves.toBeDefined();
  });

  it('removes the ReplicaSets and pods of a deleted Deployment', async () => {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    await waitFor(async () => {
      const d = await t.apps.readNamespacedDeployment({
        name: 'web',
        namespace: ns,
      });
      return d.status?.readyReplicas === 2;
    }, 'two ready replicas');
    expect(
      (await t.apps.listNamespacedReplicaSet({ namespace: ns })).items,
    ).toHaveLength(1);
    await t.apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    await waitFor(async () => {
      const sets = await t.apps.listNamespacedReplicaSet({ namespace: ns });
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      return sets.items.length === 0 && pods.items.length === 0;
    }, 'ReplicaSets and pods to be gone');
  });

  it('keeps a namespace with a spec finalizer terminating until it is finalized', async () => {
    const current = await t.core.readNamespace({ name: ns });
    await t.core.replaceNamespaceFinalize({
      name: ns,
      body: {
        ...current,
        spec: { finalizers: ['kubernetes', 'example.com/cleanup'] },
      },
    });
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'content' } },
    });
    await t.core.deleteNamespace({ name: ns });
    // Emptied, and the namespace controller's own finalizer dropped.
    const emptied = await waitFor(async () => {
      const n = await t.core.readNamespace({ name: ns });
      return n.spec?.finalizers?.join() === 'example.com/cleanup'
        ? n
        : undefined;
    }, 'the kubernetes finalizer to go');
    expect(emptied.status?.phase).toBe('Terminating');
    expect(
      (await t.core.listNamespacedConfigMap({ namespace: ns })).items,
    ).toEqual([]);

    await t.core.replaceNamespaceFinalize({
      name: ns,
      body: { ...emptied, spec: { finalizers: [] } },
    });
    await waitFor(
      () => isNotFound(t.core.readNamespace({ name: ns })),
      'the namespace to be gone',
    );
  });

  it('empties a deleted namespace, refuses new content meanwhile, then removes it', async () => {
    await runningJob('in-namespace');
    // A finalizer only we remove keeps the namespace terminating.
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    const deleted = await t.core.deleteNamespace({ name: ns });
    expect(deleted).toMatchObject({ kind: 'Namespace' });
    const terminating = await t.core.readNamespace({ name: ns });
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();

    const refused = await apiError(
      t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'late' } },
      }),
    );
    expect(refused.code).toBe(403);
    expect(refused.status.reason).toBe('Forbidden');
    expect(refused.status.message).toContain(`because it is being terminated`);

    await waitFor(async () => {
      const jobs = await t.batch.listNamespacedJob({ namespace: ns });
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      return jobs.items.length === 0 && pods.items.length === 0;
    }, 'the Job and its pod to be gone');
    const held = await t.core.readNamespacedConfigMap({
      name: 'held',
      namespace: ns,
    });
    expect(held.metadata?.deletionTimestamp).toBeDefined();
    expect(await isNotFound(t.core.readNamespace({ name: ns }))).toBe(false);

    await t.core.patchNamespacedConfigMap(
      { name: 'held', namespace: ns, body: { metadata: { finalizers: null } } },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    await waitFor(
      () => isNotFound(t.core.readNamespace({ name: ns })),
      'the namespace to be gone',
    );
  });
});
