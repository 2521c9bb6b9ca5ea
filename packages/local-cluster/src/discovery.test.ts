import {
  rawRequest,
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
      ['autoscaling', 'autoscaling/v2'],
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
        'limitranges',
        'namespaces',
        'namespaces/finalize',
        'namespaces/status',
        'pods',
        'pods/log',
        'pods/status',
        'resourcequotas',
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
    expect(batch.resources.map(r => r.name)).toEqual([
      'jobs',
      'jobs/status',
      'cronjobs',
    ]);
    const apps = await t.apps.getAPIResources();
    expect(apps.resources.map(r => r.name).sort()).toEqual(
      [
        'deployments',
        'deployments/scale',
        'deployments/status',
        'replicasets',
        'replicasets/scale',
        'replicasets/status',
        'statefulsets',
        'daemonsets',
      ].sort(),
    );
    expect(
      apps.resources.find(r => r.name === 'deployments')?.shortNames,
    ).toEqual(['deploy']);
  });

  it('answers 404 for groups and resources it does not serve', async () => {
    // Outside every served group version, Kubernetes' handler chain ends
    // in Go's http.NotFound: plain text, no Status.
    for (const path of [
      '/apis/policy/v1',
      '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      '/apis/apps/v2/deployments',
      '/api/v2',
    ]) {
      const res = await rawRequest(t, 'GET', path);
      expect({ path, code: res.code, body: res.body }).toEqual({
        path,
        code: 404,
        body: '404 page not found\n',
      });
    }
    // Inside one, the group version's own handler answers with a Status.
    const resource = await rawRequest(t, 'GET', '/api/v1/widgets');
    expect(resource.code).toBe(404);
    expect(JSON.parse(resource.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('is not counted as resource requests', async () => {
    const before = t.cluster.requestCount();
    await t.core.getAPIResources();
    expect(t.cluster.requestCount()).toBe(before);
    await t.core.listNamespace();
    expect(t.cluster.requestCount()).toBe(before + 1);
  });

  describe('OpenAPI', () => {
    /** Every `$ref` in `doc` names a schema the document has. */
    const danglingRefs = (doc: unknown, prefix: string, names: string[]) => {
      const refs = new Set<string>();
      JSON.stringify(doc, (key, value) => {
        if (key === '$ref') refs.add(value);
        return value;
      });
      return [...refs].filter(
        r => !r.startsWith(prefix) || !names.includes(r.slice(prefix.length)),
      );
    };

    it('publishes v3 documents with the schemas of the served kinds', async () => {
      const index = JSON.parse(
        (await rawRequest(t, 'GET', '/openapi/v3')).body,
      );
      expect(Object.keys(index.paths).sort()).toEqual([
        'api/v1',
        'apis/apps/v1',
        'apis/autoscaling/v2',
        'apis/batch/v1',
        'apis/networking.k8s.io/v1',
      ]);
      const batch = JSON.parse(
        (
          await rawRequest(
            t,
            'GET',
            index.paths['apis/batch/v1'].serverRelativeURL,
          )
        ).body,
      );
      const schemas = batch.components.schemas;
      expect(schemas['io.k8s.api.batch.v1.Job']).toMatchObject({
        type: 'object',
        description: 'Job represents the configuration of a single job.',
        'x-kubernetes-group-version-kind': [
          { group: 'batch', version: 'v1', kind: 'Job' },
        ],
      });
      const rule = schemas['io.k8s.api.batch.v1.PodFailurePolicyRule'];
      expect(rule.required).toEqual(['action']);
      expect(rule.properties.onPodConditions.items).toEqual({
        $ref: '#/components/schemas/io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern',
      });
      // The pod template comes from core/v1, under its own name.
      expect(schemas['io.k8s.api.core.v1.PodSpec'].required).toEqual([
        'containers',
      ]);
      expect(
        danglingRefs(batch, '#/components/schemas/', Object.keys(schemas)),
      ).toEqual([]);
      expect(
        batch.paths['/apis/batch/v1/namespaces/{namespace}/jobs/{name}'].patch
          .parameters,
      ).toContainEqual({
        name: 'fieldValidation',
        in: 'query',
        schema: { type: 'string' },
      });
    });

    it('publishes v2 as JSON, and refuses protobuf', async () => {
      const v2 = await rawRequest(t, 'GET', '/openapi/v2', {
        headers: { Accept: 'application/json' },
      });
      expect(v2.code).toBe(200);
      const doc = JSON.parse(v2.body);
      expect(doc.swagger).toBe('2.0');
      for (const kind of [
        'io.k8s.api.core.v1.Pod',
        'io.k8s.api.apps.v1.Deployment',
        'io.k8s.api.networking.v1.Ingress',
      ]) {
        expect(
          doc.definitions[kind]['x-kubernetes-group-version-kind'],
        ).toHaveLength(1);
      }
      expect(
        danglingRefs(doc, '#/definitions/', Object.keys(doc.definitions)),
      ).toEqual([]);
      const protobuf = await rawRequest(t, 'GET', '/openapi/v2', {
        headers: {
          Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
        },
      });
      expect(protobuf.code).toBe(406);
    });
  });
});
