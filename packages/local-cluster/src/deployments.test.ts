import type {
  V1Deployment,
  V1DeploymentCondition,
} from '@kubernetes/client-node';
import { SIMULATED_ANNOTATION } from './pods/simulatedRunner';
import {
  apiError,
  readLog,
  useTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

function condition(
  d: V1Deployment,
  type: string,
): V1DeploymentCondition | undefined {
  return d.status?.conditions?.find(c => c.type === type);
}

function deployment(name: string, replicas: number): V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'server',
              image: 'supabase/gotrue:v2.170.0',
              ports: [{ containerPort: 9999 }],
              env: [{ name: 'PORT', value: '9999' }],
            },
          ],
        },
      },
    },
  };
}

describe('apps/v1 Deployments', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'deploy' },
  );

  /** Waits until the controller has seen the latest spec and every replica is available. */
  const waitForRollout = (name: string, replicas: number) =>
    waitFor(async () => {
      const d = await t.apps.readNamespacedDeployment({ name, namespace: ns });
      const s = d.status;
      return s?.observedGeneration === d.metadata?.generation &&
        (s?.replicas ?? 0) === replicas &&
        (s?.updatedReplicas ?? 0) === replicas &&
        (s?.availableReplicas ?? 0) === replicas &&
        condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable'
        ? d
        : undefined;
    }, `${name} to roll out ${replicas} replicas`);

  it('reaches ready and available replicas with simulated pods', async () => {
    const created = await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('auth', 2),
    });
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.strategy?.type).toBe('RollingUpdate');
    expect(created.spec?.revisionHistoryLimit).toBe(10);

    const ready = await waitForRollout('auth', 2);
    expect(ready.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(condition(ready, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    expect(condition(ready, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });

    const sets = await t.apps.listNamespacedReplicaSet({ namespace: ns });
    expect(sets.items).toHaveLength(1);
    const rs = sets.items[0];
    const hash = rs.metadata?.labels?.['pod-template-hash'];
    expect(hash).toBeTruthy();
    expect(rs.metadata?.name).toBe(`auth-${hash}`);
    expect(
      rs.metadata?.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('1');
    expect(rs.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'auth',
      uid: created.metadata?.uid,
      controller: true,
    });
    expect(rs.status).toMatchObject({ replicas: 2, readyReplicas: 2 });

    const pods = await t.core.listNamespacedPod({
      namespace: ns,
      labelSelector: `app=auth,pod-template-hash=${hash}`,
    });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.metadata?.annotations?.[SIMULATED_ANNOTATION]).toBe('true');
      expect(pod.metadata?.annotations).toEqual({
        'local-cluster.supabase-backstage.dev/simulated': 'true',
      });
      expect(pod.status?.phase).toBe('Running');
      expect(pod.metadata?.ownerReferences?.[0].name).toBe(rs.metadata?.name);
      const log = await readLog(t, ns, pod.metadata!.name!, 'server');
      expect(log).toContain(
        '[local-cluster] simulated container "server" (image supabase/gotrue:v2.170.0)',
      );
      expect(log).toContain('listening on port 9999/TCP (simulated)');
      expect(log).toContain('[local-cluster] ready');
    }
  });

  it('bumps generation on spec changes only, and rolls out a new template', async () => {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('rest', 2),
    });
    const first = await waitForRollout('rest', 2);
    const firstRs = (await t.apps.listNamespacedReplicaSet({ namespace: ns }))
      .items[0];

    const labelled = await t.apps.patchNamespacedDeployment(
      {
        name: 'rest',
        namespace: ns,
        body: { metadata: { labels: { extra: 'yes' } } },
      },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    expect(labelled.metadata?.generation).toBe(first.metadata?.generation);

    // Strategic merge: the container is merged by name, its ports and env stay.
    const updated = await t.apps.patchNamespacedDeployment(
      {
        name: 'rest',
        namespace: ns,
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'server', image: 'supabase/gotrue:v2.171.0' },
                ],
              },
            },
          },
        },
      },
      t.k8s.setHeaderOptions(
        'Content-Type',
        t.k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    expect(updated.metadata?.generation).toBe(
      (first.metadata?.generation ?? 0) + 1,
    );
    const container = updated.spec?.template.spec?.containers[0];
    expect(container?.image).toBe('supabase/gotrue:v2.171.0');
    expect(container?.ports?.[0].containerPort).toBe(9999);
    expect(container?.env).toEqual([{ name: 'PORT', value: '9999' }]);

    await waitForRollout('rest', 2);
    const sets = await waitFor(async () => {
      const list = await t.apps.listNamespacedReplicaSet({ namespace: ns });
      const old = list.items.find(
        rs => rs.metadata?.uid === firstRs.metadata?.uid,
      );
      return list.items.length === 2 && old?.spec?.replicas === 0
        ? list.items
        : undefined;
    }, 'the old ReplicaSet scaled to 0');
    const next = sets.find(rs => rs.metadata?.uid !== firstRs.metadata?.uid)!;
    expect(
      next.metadata?.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('2');
    await waitFor(async () => {
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      return (
        pods.items.length === 2 &&
        pods.items.every(
          p =>
            p.spec?.containers[0].image === 'supabase/gotrue:v2.171.0' &&
            !p.metadata?.deletionTimestamp,
        )
      );
    }, 'only pods of the new template');
  });

  it('scales up and down, and replaces a deleted pod', async () => {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('storage', 1),
    });
    await waitForRollout('storage', 1);
    const scaled = await t.apps.patchNamespacedDeployment(
      { name: 'storage', namespace: ns, body: { spec: { replicas: 3 } } },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    expect(scaled.metadata?.generation).toBe(2);
    const three = await waitForRollout('storage', 3);
    expect(three.status?.observedGeneration).toBe(2);

    const [victim] = (await t.core.listNamespacedPod({ namespace: ns })).items;
    await t.core.deleteNamespacedPod({
      name: victim.metadata!.name!,
      namespace: ns,
    });
    await waitFor(async () => {
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      const names = pods.items.map(p => p.metadata?.name);
      return pods.items.length === 3 && !names.includes(victim.metadata?.name);
    }, 'a replacement pod');
    await waitForRollout('storage', 3);

    await t.apps.patchNamespacedDeployment(
      { name: 'storage', namespace: ns, body: { spec: { replicas: 1 } } },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    await waitForRollout('storage', 1);
    await waitFor(
      async () =>
        (await t.core.listNamespacedPod({ namespace: ns })).items.length === 1,
      'one pod left',
    );
  });

  it('serves the scale subresource of Deployments and ReplicaSets', async () => {
    const created = await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('scaled', 1),
    });
    await waitForRollout('scaled', 1);
    const scale = await t.apps.readNamespacedDeploymentScale({
      name: 'scaled',
      namespace: ns,
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'scaled', namespace: ns, uid: created.metadata?.uid },
      spec: { replicas: 1 },
      status: { replicas: 1, selector: 'app=scaled' },
    });

    const replaced = await t.apps.replaceNamespacedDeploymentScale({
      name: 'scaled',
      namespace: ns,
      body: { ...scale, spec: { replicas: 2 } },
    });
    expect(replaced.spec?.replicas).toBe(2);
    // The Scale's resourceVersion is the Deployment's: a stale one conflicts.
    const stale = await apiError(
      t.apps.replaceNamespacedDeploymentScale({
        name: 'scaled',
        namespace: ns,
        body: { ...scale, spec: { replicas: 5 } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe('Conflict');

    const patched = await t.apps.patchNamespacedDeploymentScale(
      { name: 'scaled', namespace: ns, body: { spec: { replicas: 3 } } },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    expect(patched.spec?.replicas).toBe(3);
    const d = await waitForRollout('scaled', 3);
    expect(d.spec?.replicas).toBe(3);
    expect(d.metadata?.generation).toBe(3);

    const negative = await apiError(
      t.apps.patchNamespacedDeploymentScale(
        { name: 'scaled', namespace: ns, body: { spec: { replicas: -1 } } },
        t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
      ),
    );
    expect(negative.code).toBe(422);
    expect(negative.status.details?.causes?.[0]?.field).toBe('spec.replicas');

    const [rs] = (await t.apps.listNamespacedReplicaSet({ namespace: ns }))
      .items;
    const rsScale = await t.apps.readNamespacedReplicaSetScale({
      name: rs.metadata!.name!,
      namespace: ns,
    });
    expect(rsScale.spec?.replicas).toBe(3);
    expect(rsScale.status?.selector).toContain('app=scaled');
  });

  it('validates the selector: it must match the template and cannot change', async () => {
    const mismatched = deployment('meta', 1);
    mismatched.spec!.selector = { matchLabels: { app: 'other' } };
    const invalid = await apiError(
      t.apps.createNamespacedDeployment({ namespace: ns, body: mismatched }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.status.details?.causes?.[0]).toMatchObject({
      field: 'spec.template.metadata.labels',
      message: expect.stringContaining(
        '`selector` does not match template `labels`',
      ),
    });

    const created = await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('meta', 1),
    });
    const changed = await apiError(
      t.apps.replaceNamespacedDeployment({
        name: 'meta',
        namespace: ns,
        body: {
          ...created,
          // Unconditional: the controller writes the status meanwhile.
          metadata: { ...created.metadata, resourceVersion: undefined },
          spec: {
            ...created.spec!,
            selector: { matchLabels: { app: 'meta', extra: 'x' } },
            template: {
              ...created.spec!.template,
              metadata: { labels: { app: 'meta', extra: 'x' } },
            },
          },
        },
      }),
    );
    expect(changed.code).toBe(422);
    expect(changed.status.details?.causes?.[0]?.field).toBe('spec.selector');
  });
});
