import type { V1Deployment } from '@kubernetes/client-node';
import {
  apiError,
  rawRequest,
  useTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(120_000);

/**
 * What Backstage's Kubernetes plugin asks of a cluster, request by request
 * as its backend sends them (`KubernetesFetcher`, `KubernetesConnection`):
 * a list of each of its default object types by the
 * `backstage.io/kubernetes-id` label, pod metrics from `metrics.k8s.io`
 * for the namespaces its pods are in, and, through its proxy, the events
 * of an object and a container's previous log.
 */
describe("what Backstage's Kubernetes plugin asks", () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'backstage' },
  );

  const ID_LABEL = 'backstage.io/kubernetes-id';

  const deployment = (name: string, id: string): V1Deployment => ({
    metadata: { name, labels: { [ID_LABEL]: id } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, [ID_LABEL]: id } },
        spec: { containers: [{ name: 'server', image: 'nginx:1.27' }] },
      },
    },
  });

  /** The request the plugin's `KubernetesConnection` sends for a list. */
  const list = (path: string, labelSelector: string) =>
    rawRequest(
      t,
      'GET',
      `${path}?labelSelector=${encodeURIComponent(labelSelector)}`,
      { headers: { Accept: 'application/json' } },
    );

  const resourcePath = (
    object: { group: string; apiVersion: string; plural: string },
    namespace?: string,
  ) =>
    `${object.group ? `/apis/${object.group}` : '/api'}/${object.apiVersion}${
      namespace ? `/namespaces/${namespace}` : ''
    }/${object.plural}`;

  it('lists every default object type by label, in a namespace and across all', async () => {
    const { DEFAULT_OBJECTS } = await import(
      '@backstage/plugin-kubernetes-backend'
    );
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('web', 'web'),
    });
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('other', 'other'),
    });
    await waitFor(async () => {
      const pods = await t.core.listNamespacedPod({
        namespace: ns,
        labelSelector: `${ID_LABEL}=web`,
      });
      return pods.items.length === 1;
    }, 'the pod of web');

    const namesIn = async (
      object: (typeof DEFAULT_OBJECTS)[number],
      namespace?: string,
    ) => {
      const res = await list(
        resourcePath(object, namespace),
        `${ID_LABEL}=web`,
      );
      expect({ plural: object.plural, code: res.code }).toEqual({
        plural: object.plural,
        code: 200,
      });
      const body = JSON.parse(res.body);
      expect(body.kind).toMatch(/List$/);
      return body.items.map(
        (i: { metadata: { namespace: string; name: string } }) =>
          `${i.metadata.namespace}/${i.metadata.name}`,
      );
    };
    const seen: Record<string, string[]> = {};
    for (const object of DEFAULT_OBJECTS) {
      seen[object.plural] = await namesIn(object, ns);
      // Across all namespaces, the other test namespaces hold no `web`.
      expect(await namesIn(object)).toEqual(seen[object.plural]);
    }
    expect(seen.deployments).toEqual([`${ns}/web`]);
    expect(seen.replicasets).toEqual([
      expect.stringMatching(new RegExp(`^${ns}/web-`)),
    ]);
    expect(seen.pods).toEqual([
      expect.stringMatching(new RegExp(`^${ns}/web-`)),
    ]);
    for (const plural of [
      'statefulsets',
      'daemonsets',
      'cronjobs',
      'horizontalpodautoscalers',
      'limitranges',
      'resourcequotas',
    ]) {
      expect(seen[plural]).toEqual([]);
    }
  });

  it('answers pod metrics as a cluster without a metrics server does', async () => {
    const res = await list(
      `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`,
      `${ID_LABEL}=web`,
    );
    expect(res.code).toBe(404);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('404 page not found\n');
    const groups = JSON.parse((await rawRequest(t, 'GET', '/apis')).body);
    expect(groups.groups.map((g: { name: string }) => g.name)).not.toContain(
      'metrics.k8s.io',
    );
    // Inside a served group version, an unknown resource is a Status 404.
    const unknown = await rawRequest(t, 'GET', `/apis/apps/v1/widgets`);
    expect(unknown.code).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
    });
  });

  it("serves an object's events by field selector, as its proxy asks", async () => {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('web', 'web'),
    });
    const events = await waitFor(async () => {
      const res = await rawRequest(
        t,
        'GET',
        `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name=web`,
      );
      const items = JSON.parse(res.body).items;
      return items.length > 0 ? items : undefined;
    }, 'the events of Deployment web');
    expect(events[0]).toMatchObject({
      involvedObject: { kind: 'Deployment', name: 'web' },
      reason: 'ScalingReplicaSet',
    });
  });

  it('reads `previous=` as previous=true, as the API server does', async () => {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('web', 'web'),
    });
    const pod = await waitFor(async () => {
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      return pods.items[0]?.status?.phase === 'Running'
        ? pods.items[0]
        : undefined;
    }, 'a running pod');
    const logPath = `/api/v1/namespaces/${ns}/pods/${pod.metadata?.name}/log`;
    const current = await rawRequest(t, 'GET', `${logPath}?container=server`);
    expect(current.code).toBe(200);
    // The container never restarted: there is no previous log.
    const previous = await rawRequest(
      t,
      'GET',
      `${logPath}?container=server&previous=`,
    );
    expect(previous.code).toBe(400);
    expect(JSON.parse(previous.body).message).toContain(
      'previous terminated container "server"',
    );
    const notPrevious = await rawRequest(
      t,
      'GET',
      `${logPath}?container=server&previous=false`,
    );
    expect(notPrevious.code).toBe(200);
  });

  it('serves the workload types it cannot run read-only, and says why', async () => {
    const apps = await rawRequest(t, 'GET', '/apis/apps/v1');
    const statefulsets = JSON.parse(apps.body).resources.find(
      (r: { name: string }) => r.name === 'statefulsets',
    );
    expect(statefulsets).toMatchObject({
      kind: 'StatefulSet',
      namespaced: true,
      verbs: ['get', 'list', 'watch'],
    });
    const refused = await apiError(
      t.objects.create({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: ns },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'run', image: 'busybox' }],
                },
              },
            },
          },
        },
      }),
    );
    expect(refused.code).toBe(405);
    expect(refused.status).toMatchObject({
      reason: 'MethodNotAllowed',
      details: { group: 'batch', kind: 'cronjobs' },
    });
    expect(refused.status.message).toContain('no CronJob controller');
    const missing = await apiError(
      t.kc
        .makeApiClient(t.k8s.AppsV1Api)
        .readNamespacedStatefulSet({ name: 'db', namespace: ns }),
    );
    expect(missing.code).toBe(404);
    expect(missing.status.message).toBe('statefulsets.apps "db" not found');
  });
});
