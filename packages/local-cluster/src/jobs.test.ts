import type { V1Job } from '@kubernetes/client-node';
import {
  collectWatch,
  isNotFound,
  podsOf,
  jobCondition,
  readLog,
  useTestCluster,
  waitFor,
  waitForJob,
  waitForPod,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

const IMAGE = 'postgres:15-alpine';

function shellJob(
  name: string,
  script: string,
  extra: { backoffLimit?: number; ttlSecondsAfterFinished?: number } = {},
): V1Job {
  return {
    metadata: { name },
    spec: {
      backoffLimit: extra.backoffLimit ?? 0,
      ttlSecondsAfterFinished: extra.ttlSecondsAfterFinished,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'main', image: IMAGE, command: ['sh', '-c', script] },
          ],
        },
      },
    },
  };
}

describe('batch/v1 Jobs', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'jobs' },
  );

  it('runs a postgres-image container for real and completes with its output as the pod log', async () => {
    const created = await t.batch.createNamespacedJob({
      namespace: ns,
      body: shellJob(
        'hello',
        'echo "hello from $HOSTNAME"; echo "sum: $((40 + 2))"; echo "to stderr" >&2',
      ),
    });
    // The server fills in the selector and the template labels.
    const uid = created.metadata!.uid!;
    expect(created.spec?.selector?.matchLabels).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
    });
    expect(created.spec?.template.metadata?.labels).toMatchObject({
      'job-name': 'hello',
      'batch.kubernetes.io/job-name': 'hello',
    });
    expect(created.metadata?.generation).toBe(1);

    const job = await waitForJob(
      t,
      ns,
      'hello',
      j => !!jobCondition(j, 'Complete'),
      'Complete',
    );
    expect(job.status?.succeeded).toBe(1);
    expect(job.status?.failed).toBeUndefined();
    expect(job.status?.active).toBeUndefined();
    expect(job.status?.startTime).toBeDefined();
    expect(job.status?.completionTime).toBeDefined();
    expect(jobCondition(job, 'SuccessCriteriaMet')?.reason).toBe(
      'CompletionsReached',
    );
    expect(jobCondition(job, 'Complete')?.reason).toBe('CompletionsReached');

    const pods = await podsOf(t, ns, 'job-name=hello');
    expect(pods).toHaveLength(1);
    const pod = pods[0];
    expect(pod.metadata?.name).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(pod.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Job',
        name: 'hello',
        uid,
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.status?.containerStatuses?.[0].state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    // A real process: no simulated annotation.
    expect(
      pod.metadata?.annotations?.[
        'local-cluster.supabase-backstage.dev/simulated'
      ],
    ).toBeUndefined();

    const log = await readLog(t, ns, pod.metadata!.name!, 'main');
    expect(log).toBe(`hello from ${pod.metadata!.name}\nsum: 42\nto stderr\n`);

    const events = await t.core.listNamespacedEvent({
      namespace: ns,
      fieldSelector: 'involvedObject.kind=Job,involvedObject.name=hello',
    });
    expect(events.items.map(e => e.reason)).toEqual(
      expect.arrayContaining(['SuccessfulCreate', 'Completed']),
    );
  });

  it('retries a failing pod backoffLimit times, then fails with BackoffLimitExceeded', async () => {
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: shellJob('doomed', 'echo "attempt on $HOSTNAME failing"; exit 3', {
        backoffLimit: 2,
      }),
    });
    const job = await waitForJob(
      t,
      ns,
      'doomed',
      j => !!jobCondition(j, 'Failed'),
      'Failed',
    );
    expect(job.status?.failed).toBe(3);
    expect(job.status?.succeeded).toBeUndefined();
    expect(job.status?.active).toBeUndefined();
    expect(jobCondition(job, 'Failed')).toMatchObject({
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    expect(jobCondition(job, 'FailureTarget')?.reason).toBe(
      'BackoffLimitExceeded',
    );
    expect(jobCondition(job, 'Complete')).toBeUndefined();

    const pods = await podsOf(t, ns, 'job-name=doomed');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.status?.phase).toBe('Failed');
      expect(
        pod.status?.containerStatuses?.[0].state?.terminated,
      ).toMatchObject({ exitCode: 3, reason: 'Error' });
      const log = await readLog(t, ns, pod.metadata!.name!, 'main');
      expect(log).toBe(`attempt on ${pod.metadata!.name} failing\n`);
    }
    const events = await t.core.listNamespacedEvent({
      namespace: ns,
      fieldSelector: 'involvedObject.name=doomed,reason=BackoffLimitExceeded',
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0].type).toBe('Warning');
  });

  it('deletes a finished Job and its pods after ttlSecondsAfterFinished', async () => {
    const list = await t.batch.listNamespacedJob({ namespace: ns });
    const w = await collectWatch<V1Job>(
      t,
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      { resourceVersion: list.metadata?.resourceVersion },
    );
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: shellJob('short-lived', 'echo done', {
        ttlSecondsAfterFinished: 0,
      }),
    });
    await w.next(e => e.type === 'DELETED', 'the Job DELETED');
    w.abort();
    const completeAt = w.events.findIndex(
      e => e.type === 'MODIFIED' && !!jobCondition(e.object, 'Complete'),
    );
    expect(completeAt).toBeGreaterThan(0);
    expect(w.events[w.events.length - 1].type).toBe('DELETED');
    expect(
      await isNotFound(
        t.batch.readNamespacedJob({ name: 'short-lived', namespace: ns }),
      ),
    ).toBe(true);
    // Deleted in the foreground: the pods went first.
    expect(await podsOf(t, ns, 'job-name=short-lived')).toEqual([]);
  });

  it('resolves env from secretKeyRef, configMapKeyRef and envFrom, and expands $(VAR)', async () => {
    await t.core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name: 'creds' },
        stringData: { username: 'alice', password: 'p@ss w0rd $x' },
      },
    });
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: { name: 'settings' },
        data: { greeting: 'hello', LEVEL: 'debug' },
      },
    });
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'env' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'main',
                  image: IMAGE,
                  command: [
                    'sh',
                    '-c',
                    'echo "user=$USER_NAME"; echo "password=$PASSWORD"; echo "message=$MESSAGE"; echo "cfg_level=$CFG_LEVEL"; echo "in command: $(GREETING)"',
                  ],
                  envFrom: [
                    { prefix: 'CFG_', configMapRef: { name: 'settings' } },
                  ],
                  env: [
                    {
                      name: 'USER_NAME',
                      valueFrom: {
                        secretKeyRef: { name: 'creds', key: 'username' },
                      },
                    },
                    {
                      name: 'PASSWORD',
                      valueFrom: {
                        secretKeyRef: { name: 'creds', key: 'password' },
                      },
                    },
                    {
                      name: 'GREETING',
                      valueFrom: {
                        configMapKeyRef: { name: 'settings', key: 'greeting' },
                      },
                    },
                    {
                      name: 'MESSAGE',
                      value:
                        '$(GREETING), $(USER_NAME)! $$(escaped) $(UNDEFINED)',
                    },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    await waitForJob(
      t,
      ns,
      'env',
      j => !!jobCondition(j, 'Complete'),
      'Complete',
    );
    const [pod] = await podsOf(t, ns, 'job-name=env');
    const log = await readLog(t, ns, pod.metadata!.name!, 'main');
    expect(log.split('\n')).toEqual([
      'user=alice',
      'password=p@ss w0rd $x',
      'message=hello, alice! $(escaped) $(UNDEFINED)',
      'cfg_level=debug',
      'in command: hello',
      '',
    ]);
  });

  it('mounts a ConfigMap volume that the script reads', async () => {
    await t.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: { name: 'scripts' },
        data: {
          'init.sql': 'SELECT 1;\n',
          'run.sh':
            'echo "runner in $(basename "$(dirname "$0")")"\ncat "$(dirname "$0")/init.sql"\n',
        },
      },
    });
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'volume' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              volumes: [
                {
                  name: 'initdb',
                  configMap: { name: 'scripts', defaultMode: 0o444 },
                },
                {
                  name: 'renamed',
                  configMap: {
                    name: 'scripts',
                    items: [{ key: 'init.sql', path: 'sub/first.sql' }],
                  },
                },
              ],
              containers: [
                {
                  name: 'main',
                  image: IMAGE,
                  command: [
                    'sh',
                    '-c',
                    'ls /docker-entrypoint-initdb.d; cat /docker-entrypoint-initdb.d/init.sql; cat /renamed/sub/first.sql; sh /docker-entrypoint-initdb.d/run.sh; cd /renamed/sub && pwd',
                  ],
                  volumeMounts: [
                    {
                      name: 'initdb',
                      mountPath: '/docker-entrypoint-initdb.d',
                      readOnly: true,
                    },
                    { name: 'renamed', mountPath: '/renamed' },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    await waitForJob(
      t,
      ns,
      'volume',
      j => !!jobCondition(j, 'Complete'),
      'Complete',
    );
    const [pod] = await podsOf(t, ns, 'job-name=volume');
    const log = await readLog(t, ns, pod.metadata!.name!, 'main');
    expect(log).toBe(
      [
        'init.sql',
        'run.sh',
        'SELECT 1;',
        'SELECT 1;',
        'runner in initdb',
        'SELECT 1;',
        // The process ran in a local folder; its log shows the mount path,
        // as on a real node.
        '/renamed/sub',
        '',
      ].join('\n'),
    );
  });

  it('keeps a pod waiting with CreateContainerConfigError while its Secret is missing', async () => {
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: 'needs-secret' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'main',
                  image: IMAGE,
                  command: ['sh', '-c', 'echo "token=$TOKEN"'],
                  env: [
                    {
                      name: 'TOKEN',
                      valueFrom: {
                        secretKeyRef: { name: 'late', key: 'token' },
                      },
                    },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    const podName = await waitFor(async () => {
      const [pod] = await podsOf(t, ns, 'job-name=needs-secret');
      return pod?.metadata?.name;
    }, 'the Job pod');
    const waiting = await waitForPod(
      t,
      ns,
      podName,
      p =>
        p.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
        'CreateContainerConfigError',
      'CreateContainerConfigError',
    );
    expect(waiting.status?.phase).toBe('Pending');
    expect(waiting.status?.containerStatuses?.[0].state?.waiting?.message).toBe(
      'secret "late" not found',
    );
    // The Job does not fail by itself: the pod is active.
    const active = await t.batch.readNamespacedJob({
      name: 'needs-secret',
      namespace: ns,
    });
    expect(active.status?.active).toBe(1);
    expect(active.status?.failed).toBeUndefined();
    const logError = await readLog(t, ns, podName, 'main').catch(e => e);
    expect(logError.code).toBe(400);

    const events = await t.core.listNamespacedEvent({
      namespace: ns,
      fieldSelector: `involvedObject.name=${podName},reason=Failed`,
    });
    expect(events.items[0]).toMatchObject({
      type: 'Warning',
      message: 'Error: secret "late" not found',
    });

    // Once the Secret exists, the kubelet starts the container.
    await t.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'late' }, stringData: { token: 'abc' } },
    });
    await waitForJob(
      t,
      ns,
      'needs-secret',
      j => !!jobCondition(j, 'Complete'),
      'Complete',
    );
    expect(await readLog(t, ns, podName, 'main')).toBe('token=abc\n');
  });

  it('bumps generation on a spec change and rejects changes to the template', async () => {
    const body = shellJob('gen', 'sleep 30');
    body.spec!.suspend = true;
    const created = await t.batch.createNamespacedJob({ namespace: ns, body });
    expect(created.metadata?.generation).toBe(1);
    const labelled = await t.batch.patchNamespacedJob(
      {
        name: 'gen',
        namespace: ns,
        body: { metadata: { labels: { a: 'b' } } },
      },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    expect(labelled.metadata?.generation).toBe(1);
    const changed = await t.batch.patchNamespacedJob(
      { name: 'gen', namespace: ns, body: { spec: { backoffLimit: 4 } } },
      t.k8s.setHeaderOptions('Content-Type', t.k8s.PatchStrategy.MergePatch),
    );
    expect(changed.metadata?.generation).toBe(2);

    const immutable = await t.batch
      .patchNamespacedJob(
        {
          name: 'gen',
          namespace: ns,
          body: {
            spec: {
              template: {
                spec: { containers: [{ name: 'main', image: 'postgres:16' }] },
              },
            },
          },
        },
        t.k8s.setHeaderOptions(
          'Content-Type',
          t.k8s.PatchStrategy.StrategicMergePatch,
        ),
      )
      .catch(e => e);
    expect(immutable.code).toBe(422);
    expect(JSON.parse(immutable.body).details.causes[0]).toMatchObject({
      field: 'spec.template',
      message: expect.stringContaining('field is immutable'),
    });

    const suspended = await waitForJob(
      t,
      ns,
      'gen',
      j => !!jobCondition(j, 'Suspended'),
      'Suspended',
    );
    expect(jobCondition(suspended, 'Suspended')?.reason).toBe('JobSuspended');
    expect(suspended.status?.startTime).toBeUndefined();
    expect(await podsOf(t, ns, 'job-name=gen')).toEqual([]);
  });
});
