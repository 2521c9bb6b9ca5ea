import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import {
  apiError,
  isNotFound,
  rawRequest,
  useTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(30_000);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined) =>
  Buffer.from(text ?? '', 'base64').toString('utf8');

describe('create, read, update, patch and delete', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'crud' },
  );

  describe('Namespaces', () => {
    it('are created Active, labelled with their name, and listed', async () => {
      const created = await t.core.readNamespace({ name: ns });
      expect(created.status?.phase).toBe('Active');
      expect(created.metadata?.labels).toEqual({
        'kubernetes.io/metadata.name': ns,
      });
      expect(created.spec?.finalizers).toEqual(['kubernetes']);
      expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);

      const all = await t.core.listNamespace();
      expect(all.items.map(n => n.metadata?.name)).toEqual(
        expect.arrayContaining(['default', 'kube-system', ns]),
      );
      const one = await t.core.listNamespace({
        labelSelector: `kubernetes.io/metadata.name=${ns}`,
      });
      expect(one.items.map(n => n.metadata?.name)).toEqual([ns]);
    });

    it('answer 409 AlreadyExists for a second create', async () => {
      const { code, status } = await apiError(
        t.core.createNamespace({ body: { metadata: { name: ns } } }),
      );
      expect(code).toBe(409);
      expect(status).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'AlreadyExists',
        code: 409,
        message: `namespaces "${ns}" already exists`,
        details: { name: ns, kind: 'namespaces' },
      });
    });

    it('answer 404 NotFound, also for objects created in a missing namespace', async () => {
      const missing = await apiError(t.core.readNamespace({ name: 'nope' }));
      expect(missing.code).toBe(404);
      expect(missing.status).toMatchObject({
        reason: 'NotFound',
        code: 404,
        message: 'namespaces "nope" not found',
      });
      const inMissing = await apiError(
        t.core.createNamespacedConfigMap({
          namespace: 'nope',
          body: { metadata: { name: 'cm' } },
        }),
      );
      expect(inMissing.code).toBe(404);
      expect(inMissing.status.message).toBe('namespaces "nope" not found');
    });

    it('cannot be deleted as a collection (405 MethodNotAllowed)', async () => {
      const { code, body } = await rawRequest(
        t,
        'DELETE',
        '/api/v1/namespaces',
      );
      expect(code).toBe(405);
      expect(JSON.parse(body).reason).toBe('MethodNotAllowed');
      await expect(
        t.core.readNamespace({ name: 'default' }),
      ).resolves.toBeDefined();
      await expect(t.core.readNamespace({ name: ns })).resolves.toBeDefined();
    });

    it('answer 422 Invalid for a name that is not a DNS label', async () => {
      const { code, status } = await apiError(
        t.core.createNamespace({ body: { metadata: { name: 'Bad_Name' } } }),
      );
      expect(code).toBe(422);
      expect(status.reason).toBe('Invalid');
      expect(status.code).toBe(422);
      expect(status.message).toMatch(/^Namespace "Bad_Name" is invalid: /);
      expect(status.details?.causes).toEqual([
        expect.objectContaining({
          reason: 'FieldValueInvalid',
          field: 'metadata.name',
        }),
      ]);
    });
  });

  describe('Secrets', () => {
    it('keep `data` as base64 and fold `stringData` into it', async () => {
      const created = await t.core.createNamespacedSecret({
        namespace: ns,
        body: {
          metadata: { name: 'creds' },
          data: { user: b64('admin'), both: b64('from data') },
          stringData: { password: 'p@ss w0rd', both: 'from stringData' },
        },
      });
      expect(created.type).toBe('Opaque');
      expect(created.stringData).toBeUndefined();
      expect(Object.keys(created.data ?? {}).sort()).toEqual([
        'both',
        'password',
        'user',
      ]);
      expect(unb64(created.data?.user)).toBe('admin');
      expect(unb64(created.data?.password)).toBe('p@ss w0rd');
      // stringData wins over data for the same key, as in Kubernetes.
      expect(unb64(created.data?.both)).toBe('from stringData');

      const read = await t.core.readNamespacedSecret({
        name: 'creds',
        namespace: ns,
      });
      expect(read.data).toEqual(created.data);
    });

    it('reject data that is not base64 with 400 BadRequest', async () => {
      const { code, status } = await apiError(
        t.objects.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'bad', namespace: ns },
          data: { key: 'not base64!' },
        } as any),
      );
      expect(code).toBe(400);
      expect(status.reason).toBe('BadRequest');
    });

    it('reject a key that is not a config key with 422 Invalid', async () => {
      const { code, status } = await apiError(
        t.core.createNamespacedSecret({
          namespace: ns,
          body: { metadata: { name: 'bad-key' }, stringData: { 'a b': 'x' } },
        }),
      );
      expect(code).toBe(422);
      expect(status.details?.causes?.[0]?.field).toBe('data[a b]');
    });
  });

  describe('ConfigMaps', () => {
    const create = () =>
      t.core.createNamespacedConfigMap({
        namespace: ns,
        body: {
          metadata: { name: 'settings', labels: { app: 'demo' } },
          data: { a: '1', b: '2' },
        },
      });

    it('are replaced with optimistic concurrency: a stale resourceVersion is 409 Conflict', async () => {
      const created = await create();
      const rv = created.metadata!.resourceVersion!;
      const replaced = await t.core.replaceNamespacedConfigMap({
        name: 'settings',
        namespace: ns,
        body: { ...created, data: { a: '10' } },
      });
      expect(replaced.data).toEqual({ a: '10' });
      expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
        Number(rv),
      );
      expect(replaced.metadata?.uid).toBe(created.metadata?.uid);

      const { code, status } = await apiError(
        t.core.replaceNamespacedConfigMap({
          name: 'settings',
          namespace: ns,
          body: { ...created, data: { a: 'stale' } },
        }),
      );
      expect(code).toBe(409);
      expect(status).toMatchObject({
        reason: 'Conflict',
        code: 409,
        message:
          'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      });
      const after = await t.core.readNamespacedConfigMap({
        name: 'settings',
        namespace: ns,
      });
      expect(after.data).toEqual({ a: '10' });
    });

    it('are replaced without a resourceVersion unconditionally', async () => {
      await create();
      const replaced = await t.core.replaceNamespacedConfigMap({
        name: 'settings',
        namespace: ns,
        body: { metadata: { name: 'settings' }, data: { only: 'this' } },
      });
      expect(replaced.data).toEqual({ only: 'this' });
      expect(replaced.metadata?.labels).toBeUndefined();
    });

    it('are merge-patched: keys added, changed and removed with null', async () => {
      await create();
      const patched = await t.core.patchNamespacedConfigMap(
        {
          name: 'settings',
          namespace: ns,
          body: { data: { a: null, b: '20', c: '3' } },
        },
        t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
      );
      expect(patched.data).toEqual({ b: '20', c: '3' });
      expect(patched.metadata?.labels).toEqual({ app: 'demo' });
    });

    it('are patched with a resourceVersion precondition', async () => {
      const created = await create();
      const { code, status } = await apiError(
        t.core.patchNamespacedConfigMap(
          {
            name: 'settings',
            namespace: ns,
            body: {
              metadata: { resourceVersion: '1' },
              data: { a: 'x' },
            },
          },
          t.k8s.setHeaderOptions(
            'Content-Type',
            t.k8s.PatchStrategy.MergePatch,
          ),
        ),
      );
      expect(code).toBe(409);
      expect(status.reason).toBe('Conflict');
      const ok = await t.core.patchNamespacedConfigMap(
        {
          name: 'settings',
          namespace: ns,
          body: {
            metadata: { resourceVersion: created.metadata?.resourceVersion },
            data: { a: 'x' },
          },
        },
        t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
      );
      expect(ok.data?.a).toBe('x');
    });

    it('are JSON-patched', async () => {
      await create();
      const patched = await t.core.patchNamespacedConfigMap({
        name: 'settings',
        namespace: ns,
        body: [
          { op: 'replace', path: '/data/a', value: 'one' },
          { op: 'remove', path: '/data/b' },
        ],
      });
      expect(patched.data).toEqual({ a: 'one' });
    });

    it('are deleted with a Success Status, then 404 NotFound', async () => {
      const created = await create();
      const status = await t.core.deleteNamespacedConfigMap({
        name: 'settings',
        namespace: ns,
      });
      expect(status).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'settings', kind: 'configmaps' },
      });
      expect(status.details?.uid).toBe(created.metadata?.uid);
      const { code, status: body } = await apiError(
        t.core.readNamespacedConfigMap({ name: 'settings', namespace: ns }),
      );
      expect(code).toBe(404);
      expect(body).toMatchObject({
        reason: 'NotFound',
        message: 'configmaps "settings" not found',
        details: { name: 'settings', kind: 'configmaps' },
      });
      const again = await apiError(
        t.core.deleteNamespacedConfigMap({ name: 'settings', namespace: ns }),
      );
      expect(again.code).toBe(404);
    });

    it('are listed by label selector, with paging', async () => {
      const make = (name: string, labels: Record<string, string>) =>
        t.core.createNamespacedConfigMap({
          namespace: ns,
          body: { metadata: { name, labels } },
        });
      await make('web-prod', { app: 'web', tier: 'prod' });
      await make('web-dev', { app: 'web', tier: 'dev' });
      await make('db-prod', { app: 'db', tier: 'prod' });
      await make('plain', {});
      const names = async (labelSelector: string) =>
        (
          await t.core.listNamespacedConfigMap({ namespace: ns, labelSelector })
        ).items
          .map(c => c.metadata?.name)
          .sort();
      expect(await names('app=web')).toEqual(['web-dev', 'web-prod']);
      expect(await names('app=web,tier!=dev')).toEqual(['web-prod']);
      expect(await names('tier in (prod)')).toEqual(['db-prod', 'web-prod']);
      expect(await names('app notin (web)')).toEqual(['db-prod', 'plain']);
      expect(await names('tier')).toEqual(['db-prod', 'web-dev', 'web-prod']);
      expect(await names('!tier')).toEqual(['plain']);

      const bad = await apiError(
        t.core.listNamespacedConfigMap({
          namespace: ns,
          labelSelector: 'app in (a',
        }),
      );
      expect(bad.code).toBe(400);

      const first = await t.core.listNamespacedConfigMap({
        namespace: ns,
        limit: 3,
      });
      expect(first.items).toHaveLength(3);
      expect(first.metadata?._continue).toBeTruthy();
      expect(first.metadata?.remainingItemCount).toBe(1);
      const second = await t.core.listNamespacedConfigMap({
        namespace: ns,
        limit: 3,
        _continue: first.metadata?._continue,
      });
      expect(second.items).toHaveLength(1);
      expect(second.metadata?._continue).toBeFalsy();
      expect(
        [...first.items, ...second.items].map(c => c.metadata?.name).sort(),
      ).toEqual(['db-prod', 'plain', 'web-dev', 'web-prod']);
    });

    it('are deleted as a collection by label selector', async () => {
      for (const [name, app] of [
        ['one', 'a'],
        ['two', 'a'],
        ['three', 'b'],
      ]) {
        await t.core.createNamespacedConfigMap({
          namespace: ns,
          body: { metadata: { name, labels: { app } } },
        });
      }
      const removed = await t.core.deleteCollectionNamespacedConfigMap({
        namespace: ns,
        labelSelector: 'app=a',
      });
      // As the API server does: the list of what was deleted.
      expect(removed.kind).toBe('ConfigMapList');
      const left = await t.core.listNamespacedConfigMap({ namespace: ns });
      expect(left.items.map(c => c.metadata?.name)).toEqual(['three']);
    });

    it('are listed across namespaces and by field selector', async () => {
      const other = await t.createNamespace('crud-other');
      for (const namespace of [ns, other]) {
        await t.core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: 'in-two-namespaces' } },
        });
      }
      const all = await t.core.listConfigMapForAllNamespaces({
        fieldSelector: 'metadata.name=in-two-namespaces',
      });
      expect(all.items.map(c => c.metadata?.namespace).sort()).toEqual(
        [ns, other].sort(),
      );
      const bad = await apiError(
        t.core.listConfigMapForAllNamespaces({ fieldSelector: 'data.a=1' }),
      );
      expect(bad.code).toBe(400);
      expect(bad.status.message).toContain('field label not supported');
    });
  });

  describe('Services', () => {
    it('get a cluster IP, defaulted ports, and keep the IP across updates', async () => {
      const created = await t.core.createNamespacedService({
        namespace: ns,
        body: {
          metadata: { name: 'web' },
          spec: {
            selector: { app: 'web' },
            ports: [
              { name: 'http', port: 80, targetPort: 8080 },
              { name: 'metrics', port: 9090 },
            ],
          },
        },
      });
      expect(created.spec?.type).toBe('ClusterIP');
      expect(created.spec?.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
      expect(created.spec?.clusterIPs).toEqual([created.spec?.clusterIP]);
      expect(created.spec?.ports).toEqual([
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ]);

      // Strategic merge: ports merge by `port`.
      const patched = await t.core.patchNamespacedService(
        {
          name: 'web',
          namespace: ns,
          body: { spec: { ports: [{ port: 80, targetPort: 8081 }] } },
        },
        t.k8s.setHeaderOptions(
          'Content-Type',
          t.k8s.PatchStrategy.StrategicMergePatch,
        ),
      );
      expect(patched.spec?.ports?.map(p => [p.port, p.targetPort])).toEqual([
        [80, 8081],
        [9090, 9090],
      ]);
      expect(patched.spec?.clusterIP).toBe(created.spec?.clusterIP);

      const moved = await apiError(
        t.core.replaceNamespacedService({
          name: 'web',
          namespace: ns,
          body: {
            ...patched,
            spec: {
              ...patched.spec,
              clusterIP: '10.96.200.200',
              clusterIPs: ['10.96.200.200'],
            },
          },
        }),
      );
      expect(moved.code).toBe(422);
      expect(moved.status.details?.causes?.[0]?.field).toBe(
        'spec.clusterIPs[0]',
      );
    });

    it('need a DNS-1035 name (422 Invalid otherwise)', async () => {
      const { code, status } = await apiError(
        t.core.createNamespacedService({
          namespace: ns,
          body: { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } },
        }),
      );
      expect(code).toBe(422);
      expect(status.reason).toBe('Invalid');
      expect(status.details?.causes?.[0]?.message).toContain('DNS-1035');
    });
  });

  describe('Pods', () => {
    const pod = (name: string): V1Pod => ({
      metadata: { name, labels: { app: 'demo' } },
      spec: {
        containers: [
          { name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
        ],
      },
    });

    it('are created with defaults, scheduled and run (simulated), then deleted', async () => {
      const created = await t.core.createNamespacedPod({
        namespace: ns,
        body: pod('web'),
      });
      expect(created.status?.phase).toBe('Pending');
      expect(created.spec?.restartPolicy).toBe('Always');
      expect(created.spec?.serviceAccountName).toBe('default');
      expect(created.spec?.containers[0].imagePullPolicy).toBe('IfNotPresent');
      expect(created.spec?.containers[0].ports?.[0].protocol).toBe('TCP');

      const running = await waitFor(async () => {
        const p = await t.core.readNamespacedPod({
          name: 'web',
          namespace: ns,
        });
        return p.status?.phase === 'Running' &&
          p.status.containerStatuses?.[0]?.ready
          ? p
          : undefined;
      }, 'the pod to run and be ready');
      expect(running.spec?.nodeName).toBe('local-node');
      expect(running.status?.podIP).toMatch(/^10\.244\./);
      expect(running.status?.conditions?.map(c => c.type)).toEqual(
        expect.arrayContaining([
          'Ready',
          'ContainersReady',
          'Initialized',
          'PodScheduled',
        ]),
      );

      const deleted = await t.core.deleteNamespacedPodWithHttpInfo({
        name: 'web',
        namespace: ns,
      });
      // A running pod is deleted gracefully: 200 with the object, which
      // now has a deletionTimestamp.
      expect(deleted.httpStatusCode).toBe(200);
      expect(deleted.data.metadata?.deletionTimestamp).toBeDefined();
      expect(deleted.data.metadata?.deletionGracePeriodSeconds).toBe(30);
      await waitFor(
        () =>
          isNotFound(t.core.readNamespacedPod({ name: 'web', namespace: ns })),
        'the pod to be gone',
      );
    });

    it('may only change container images on update', async () => {
      const created = await t.core.createNamespacedPod({
        namespace: ns,
        body: pod('web'),
      });
      const current = await t.core.readNamespacedPod({
        name: 'web',
        namespace: ns,
      });
      const image = await t.core.patchNamespacedPod(
        {
          name: 'web',
          namespace: ns,
          body: {
            spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] },
          },
        },
        t.k8s.setHeaderOptions(
          'Content-Type',
          t.k8s.PatchStrategy.StrategicMergePatch,
        ),
      );
      // Containers merge by name: the ports stay.
      expect(image.spec?.containers).toHaveLength(1);
      expect(image.spec?.containers[0].image).toBe('nginx:1.28');
      expect(image.spec?.containers[0].ports?.[0].containerPort).toBe(80);

      const { code, status } = await apiError(
        t.core.patchNamespacedPod(
          {
            name: 'web',
            namespace: ns,
            body: { spec: { restartPolicy: 'Never' } },
          },
          t.k8s.setHeaderOptions(
            'Content-Type',
            t.k8s.PatchStrategy.MergePatch,
          ),
        ),
      );
      expect(code).toBe(422);
      expect(status.details?.causes?.[0]).toMatchObject({
        reason: 'FieldValueForbidden',
        field: 'spec',
      });
      expect(created.metadata?.uid).toBe(current.metadata?.uid);
    });

    it('answer 422 Invalid without containers, with every cause', async () => {
      const { code, status } = await apiError(
        t.core.createNamespacedPod({
          namespace: ns,
          body: {
            metadata: { name: 'empty', labels: { 'bad key!': 'x' } },
            spec: { containers: [] },
          },
        }),
      );
      expect(code).toBe(422);
      expect(status.details?.kind).toBe('Pod');
      expect(status.details?.causes?.map(c => c.field).sort()).toEqual([
        'metadata.labels',
        'spec.containers',
      ]);
    });

    it('get generated names', async () => {
      const created = await t.core.createNamespacedPod({
        namespace: ns,
        body: {
          ...pod(''),
          metadata: { generateName: 'worker-' },
        },
      });
      expect(created.metadata?.name).toMatch(/^worker-[a-z0-9]{5}$/);
    });
  });

  describe('Events', () => {
    it('are recorded for pods and selectable by involved object', async () => {
      await t.core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: 'evented' },
          spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
        },
      });
      const events = await waitFor(async () => {
        const list = await t.core.listNamespacedEvent({
          namespace: ns,
          fieldSelector: 'involvedObject.name=evented,involvedObject.kind=Pod',
        });
        const reasons = list.items.map(e => e.reason);
        return reasons.includes('Started') ? list.items : undefined;
      }, 'the Started event');
      const reasons = events.map(e => e.reason);
      expect(reasons).toEqual(
        expect.arrayContaining(['Scheduled', 'Pulled', 'Created', 'Started']),
      );
      const scheduled = events.find(e => e.reason === 'Scheduled')!;
      expect(scheduled.type).toBe('Normal');
      expect(scheduled.source?.component).toBe('default-scheduler');
      expect(scheduled.message).toBe(
        `Successfully assigned ${ns}/evented to local-node`,
      );
      const started = events.find(e => e.reason === 'Started')!;
      expect(started.involvedObject.fieldPath).toBe('spec.containers{main}');

      const none = await t.core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: 'involvedObject.name=someone-else',
      });
      expect(none.items).toEqual([]);
    });

    it('may be created by clients', async () => {
      const cm = await t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'subject' } },
      });
      const event = await t.core.createNamespacedEvent({
        namespace: ns,
        body: {
          metadata: { name: 'subject.custom' },
          involvedObject: {
            kind: 'ConfigMap',
            name: 'subject',
            namespace: ns,
            uid: cm.metadata?.uid,
          },
          reason: 'Checked',
          message: 'looked fine',
        },
      });
      expect(event.type).toBe('Normal');
      expect(event.count).toBe(1);
    });
  });

  describe('request bodies and methods', () => {
    const post = (contentType: string | undefined, body: string) =>
      rawRequest(t, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
        headers: contentType ? { 'Content-Type': contentType } : {},
        body,
      });

    it('decodes JSON, also without a Content-Type, and YAML', async () => {
      const json = await post(
        'application/json',
        JSON.stringify({ metadata: { name: 'from-json' }, data: { a: '1' } }),
      );
      expect(json.code).toBe(201);
      const untyped = await post(
        undefined,
        JSON.stringify({ metadata: { name: 'untyped' } }),
      );
      expect(untyped.code).toBe(201);
      const yaml = await post(
        'application/yaml',
        'metadata:\n  name: from-yaml\ndata:\n  b: "2"\n',
      );
      expect(yaml.code).toBe(201);
      const read = await t.core.readNamespacedConfigMap({
        name: 'from-yaml',
        namespace: ns,
      });
      expect(read.data).toEqual({ b: '2' });
    });

    it('answers 415 UnsupportedMediaType for other body types', async () => {
      const { code, body } = await post('text/plain', 'name: x');
      expect(code).toBe(415);
      expect(JSON.parse(body)).toMatchObject({
        kind: 'Status',
        reason: 'UnsupportedMediaType',
        code: 415,
      });
      // The protobuf encoding is decoded for built-in kinds only: an Event is not.
      const event = await rawRequest(
        t,
        'POST',
        `/api/v1/namespaces/${ns}/events`,
        {
          headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
          body: Buffer.concat([
            Buffer.from('k8s\0'),
            // Unknown{typeMeta{apiVersion "v1", kind "Event"}}
            Buffer.from([0x0a, 0x0b, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x05]),
            Buffer.from('Event'),
          ]),
        },
      );
      expect(event.code).toBe(415);
    });

    it('answers 400 BadRequest for a body that is not JSON', async () => {
      const { code, body } = await post('application/json', '{"metadata":');
      expect(code).toBe(400);
      expect(JSON.parse(body).reason).toBe('BadRequest');
    });

    it('serves only get, update and patch on the status subresource', async () => {
      await t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'keep' } },
      });
      await t.core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: 'keep' },
          spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
        },
      });
      const status = await t.core.readNamespacedPodStatus({
        name: 'keep',
        namespace: ns,
      });
      expect(status.metadata?.name).toBe('keep');
      const deleted = await rawRequest(
        t,
        'DELETE',
        `/api/v1/namespaces/${ns}/pods/keep/status`,
      );
      expect(deleted.code).toBe(405);
      expect(JSON.parse(deleted.body).reason).toBe('MethodNotAllowed');
      await expect(
        t.core.readNamespacedPod({ name: 'keep', namespace: ns }),
      ).resolves.toBeDefined();
    });
  });

  describe('KubernetesObjectApi', () => {
    it('creates, reads, patches and deletes any kind through discovery', async () => {
      const spec = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'generic', namespace: ns },
        data: { hello: 'world' },
      };
      const created = await t.objects.create<V1ConfigMap>(spec);
      expect(created.data).toEqual({ hello: 'world' });
      const read = await t.objects.read<V1ConfigMap>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'generic', namespace: ns },
      });
      expect(read.metadata?.uid).toBe(created.metadata?.uid);
      const patched = await t.objects.patch<V1ConfigMap>(
        { ...spec, data: { hello: 'there' } },
        undefined,
        undefined,
        undefined,
        undefined,
        t.k8s.PatchStrategy.MergePatch,
      );
      expect(patched.data).toEqual({ hello: 'there' });
      const listed = await t.objects.list('v1', 'ConfigMap', ns);
      expect(listed.items.map(i => i.metadata?.name)).toContain('generic');
      await t.objects.delete(spec);
      const { code } = await apiError(t.objects.read(spec));
      expect(code).toBe(404);
    });
  });
});
