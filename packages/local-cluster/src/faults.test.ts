import {
  apiError,
  collectWatch,
  isNotFound,
  startTestCluster,
  useTestCluster,
  waitFor,
  waitForPod,
  rawRequest,
  readLog,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(30_000);

describe('authentication', () => {
  let t: TestCluster;
  useTestCluster(
    cluster => {
      t = cluster;
    },
    { cluster: { token: 'the-right-token' } },
  );

  it('accepts the bearer token of the kubeconfig', async () => {
    expect(t.cluster.token).toBe('the-right-token');
    expect(t.cluster.kubeconfigYaml).toContain('token: the-right-token');
    const ok = await rawRequest(t, 'GET', '/api/v1/namespaces');
    expect(ok.code).toBe(200);
  });

  it('answers 401 Unauthorized without the token or with another one', async () => {
    const none = await rawRequest(t, 'GET', '/api/v1/namespaces', {
      token: false,
    });
    expect(none.code).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    // Discovery needs the token; only /version and the health checks do not.
    const discovery = await rawRequest(t, 'GET', '/apis', { token: false });
    expect(discovery.code).toBe(401);

    const wrong = new t.k8s.KubeConfig();
    wrong.loadFromString(
      t.cluster.kubeconfigYaml.replace('the-right-token', 'a-wrong-token'),
    );
    const { code } = await apiError(
      wrong.makeApiClient(t.k8s.CoreV1Api).listNamespace(),
    );
    expect(code).toBe(401);
  });

  it('serves health checks without a token', async () => {
    const healthz = await rawRequest(t, 'GET', '/healthz', { token: false });
    expect(healthz).toMatchObject({ code: 200, body: 'ok' });
    const readyz = await rawRequest(t, 'GET', '/readyz', { token: false });
    expect(readyz.code).toBe(200);
  });
});

describe('fault injection', () => {
  let t: TestCluster;
  let ns: string;

  beforeAll(async () => {
    t = await startTestCluster();
  });

  afterAll(async () => {
    await t?.stop();
  });

  beforeEach(async () => {
    t.cluster.setFaults({});
    ns = await t.createNamespace('faults');
  });

  afterEach(() => {
    t.cluster.setFaults({});
  });

  it('fails every request with 500 InternalError at errorRate 1, changing nothing', async () => {
    t.cluster.setFaults({ errorRate: 1, errorCodes: [500] });
    const { code, status } = await apiError(
      t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'never' } },
      }),
    );
    expect(code).toBe(500);
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
    });
    // Discovery is never failed.
    await expect(t.core.getAPIResources()).resolves.toBeDefined();
    t.cluster.setFaults({});
    expect(
      await isNotFound(
        t.core.readNamespacedConfigMap({ name: 'never', namespace: ns }),
      ),
    ).toBe(true);
  });

  it('answers 429 TooManyRequests with Retry-After', async () => {
    t.cluster.setFaults({ errorRate: 1, errorCodes: [429] });
    const { code, status, headers } = await apiError(
      t.core.listNamespacedPod({ namespace: ns }),
    );
    expect(code).toBe(429);
    expect(status).toMatchObject({
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 1 },
    });
    expect(headers['retry-after']).toBe('1');
  });

  it('fails about the given fraction of requests', async () => {
    t.cluster.setFaults({ errorRate: 0.5 });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        t.core.listNamespacedPod({ namespace: ns }),
      ),
    );
    const failed = results.filter(r => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(55);
    for (const r of failed) {
      expect([429, 500]).toContain((r as PromiseRejectedResult).reason.code);
    }
  });

  it('answers 504 Timeout after making the change with errorAfterWriteRate', async () => {
    t.cluster.setFaults({ errorAfterWriteRate: 1 });
    const { code, status } = await apiError(
      t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'maybe' } },
      }),
    );
    expect(code).toBe(504);
    expect(status.reason).toBe('Timeout');
    // Reads are not failed, and the write did happen.
    const cm = await t.core.readNamespacedConfigMap({
      name: 'maybe',
      namespace: ns,
    });
    expect(cm.metadata?.name).toBe('maybe');
  });

  it('delays every resource request by latencyMs', async () => {
    t.cluster.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await t.core.listNamespacedPod({ namespace: ns });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('closes watches after dropWatchesAfterMs', async () => {
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'seen' } },
    });
    t.cluster.setFaults({ dropWatchesAfterMs: 100 });
    // Without a resourceVersion the watch starts with the object as ADDED.
    const w = await collectWatch(t, `/api/v1/namespaces/${ns}/configmaps`);
    await w.next(e => e.type === 'ADDED', 'ADDED');
    // The watch ends by itself: the client's done callback runs.
    await w.done;
    expect(w.events.map(e => e.object.metadata.name)).toEqual(['seen']);
  });

  it('crashes simulated containers of failingImages into CrashLoopBackOff', async () => {
    t.cluster.setFaults({ failingImages: ['example/broken:*'] });
    await t.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'broken' },
        spec: { containers: [{ name: 'main', image: 'example/broken:1' }] },
      },
    });
    const pod = await waitForPod(
      t,
      ns,
      'broken',
      p =>
        p.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
        'CrashLoopBackOff',
      'CrashLoopBackOff',
    );
    expect(pod.status?.phase).toBe('Running');
    expect(
      pod.status?.containerStatuses?.[0].lastState?.terminated,
    ).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(
      await readLog(t, ns, 'broken', 'main', { previous: true }),
    ).toContain('simulated crash (fault injection)');
  });

  it('keeps the pods of unreadyDeployments unready, and the Deployment unavailable', async () => {
    t.cluster.setFaults({ unreadyDeployments: [`${ns}/stuck`] });
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'stuck' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'stuck' } },
          template: {
            metadata: { labels: { app: 'stuck' } },
            spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    const d = await waitFor(async () => {
      const dep = await t.apps.readNamespacedDeployment({
        name: 'stuck',
        namespace: ns,
      });
      const pods = await t.core.listNamespacedPod({ namespace: ns });
      const running = pods.items.some(
        p => p.status?.containerStatuses?.[0]?.state?.running,
      );
      return running && dep.status?.replicas === 1 ? dep : undefined;
    }, 'a running pod');
    // Readiness would have come after simulatedReadyDelayMs (20 ms): look again later.
    const log = await waitFor(async () => {
      const [pod] = (await t.core.listNamespacedPod({ namespace: ns })).items;
      const text = await readLog(t, ns, pod.metadata!.name!, 'main');
      return text.includes('readiness check failing') ? text : undefined;
    }, 'the readiness failure');
    expect(log).not.toContain('[local-cluster] ready');
    const dep = await t.apps.readNamespacedDeployment({
      name: 'stuck',
      namespace: ns,
    });
    expect(dep.status?.readyReplicas).toBeUndefined();
    expect(
      dep.status?.conditions?.find(c => c.type === 'Available'),
    ).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(d.status?.unavailableReplicas).toBe(1);
  });
});
