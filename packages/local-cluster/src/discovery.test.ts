import {
  apiError,
  useTestCluster,
  type TestCluster,
} from './__testUtils__/testCluster';

describe('discovery', () => {
  let t: TestCluster;
  useTestCluster(cluster => {
    t = cluster;
  });

  it('reports a Kubernetes version', async () => {
    const version = await t.kc.makeApiClient(t.k8s.VersionApi).getCode();
    expect(version.major).toBe('1');
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('lists the core version and the API groups', async () => {
    const core = await t.kc.makeApiClient(t.k8s.CoreApi).getAPIVersions();
    expect(core.versions).toEqual(['v1']);
    expect(core.serverAddressByClientCIDRs?.[0].serverAddress).toBe(
      `127.0.0.1:${t.cluster.port}`,
    );
    const groups = await t.kc.makeApiClient(t.k8s.ApisApi).getAPIVersions();
    expect(
      groups.groups.map(g => [g.name, g.preferredVersion?.groupVersion]),
    ).toEqual([
      ['batch', 'batch/v1'],
      ['apps', 'apps/v1'],
      ['networking.k8s.io', 'networking.k8s.io/v1'],
    ]);
    const batch = await t.kc.makeApiClient(t.k8s.BatchApi).getAPIGroup();
    expect(batch.versions.map(v => v.groupVersion)).toEqual(['batch/v1']);
  });

  it('lists the resources of each group version with their verbs', async () => {
    const core = await t.core.getAPIResources();
    const byName = new Map(core.resources.map(r => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'configmaps',
        'events',
        'namespaces',
        'namespaces/finalize',
        'namespaces/status',
        'pods',
        'pods/log',
        'pods/status',
        'secrets',
        'services',
        'services/status',
      ].sort(),
    );
    expect(byName.get('namespaces')).toMatchObject({
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
    });
    expect(byName.get('pods')).toMatchObject({
      kind: 'Pod',
      namespaced: true,
      singularName: 'pod',
    });
    expect(byName.get('pods')?.verbs.sort()).toEqual(
      [
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ].sort(),
    );
    expect(byName.get('pods/log')?.verbs).toEqual(['get']);

    const batch = await t.batch.getAPIResources();
    expect(batch.groupVersion).toBe('batch/v1');
    expect(batch.resources.map(r => r.name)).toEqual(['jobs', 'jobs/status']);
    const apps = await t.apps.getAPIResources();
    expect(apps.resources.map(r => r.name).sort()).toEqual(
      [
        'deployments',
        'deployments/scale',
        'deployments/status',
        'replicasets',
        'replicasets/scale',
        'replicasets/status',
      ].sort(),
    );
    expect(
      apps.resources.find(r => r.name === 'deployments')?.shortNames,
    ).toEqual(['deploy']);
  });

  it('answers 404 for groups and resources it does not serve', async () => {
    const group = await apiError(
      t.kc.makeApiClient(t.k8s.PolicyV1Api).getAPIResources(),
    );
    expect(group.code).toBe(404);
    const resource = await apiError(
      t.kc
        .makeApiClient(t.k8s.PolicyV1Api)
        .listNamespacedPodDisruptionBudget({ namespace: 'default' }),
    );
    expect(resource.code).toBe(404);
    expect(resource.status).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
    });
  });

  it('is not counted as resource requests', async () => {
    const before = t.cluster.requestCount();
    await t.core.getAPIResources();
    expect(t.cluster.requestCount()).toBe(before);
    await t.core.listNamespace();
    expect(t.cluster.requestCount()).toBe(before + 1);
  });
});
