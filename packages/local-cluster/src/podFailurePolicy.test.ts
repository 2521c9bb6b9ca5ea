import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  V1Job,
  V1PodFailurePolicyOnPodConditionsPattern,
  V1PodFailurePolicyRule,
} from '@kubernetes/client-node';
import {
  apiError,
  collectWatch,
  podsOf,
  jobCondition,
  useTestCluster,
  waitForJob,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(120_000);

const IMAGE = 'postgres:15-alpine';

function policyJob(
  name: string,
  script: string,
  rules: V1PodFailurePolicyRule[],
  extra: Partial<V1Job['spec']> = {},
): V1Job {
  return {
    metadata: { name },
    spec: {
      backoffLimit: 6,
      ...extra,
      podFailurePolicy: { rules },
      template: {
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 5,
          containers: [
            { name: 'db-init', image: IMAGE, command: ['sh', '-c', script] },
          ],
        },
      },
    },
  };
}

describe('Job spec.podFailurePolicy', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'pfp' },
  );

  it('fails the Job at the first pod whose exit code matches a FailJob rule', async () => {
    const created = await t.batch.createNamespacedJob({
      namespace: ns,
      body: policyJob('permanent', 'echo "no such role" >&2; exit 3', [
        {
          action: 'FailJob',
          onExitCodes: {
            containerName: 'db-init',
            operator: 'In',
            values: [3, 4],
          },
        },
      ]),
    });
    // Defaulted as Kubernetes does when a podFailurePolicy is set.
    expect(created.spec?.podReplacementPolicy).toBe('Failed');

    const job = await waitForJob(
      t,
      ns,
      'permanent',
      j => !!jobCondition(j, 'Failed'),
      'Failed',
    );
    const pods = await podsOf(t, ns, 'job-name=permanent');
    expect(pods).toHaveLength(1);
    const pod = pods[0].metadata!.name!;
    const message = `Container db-init for pod ${ns}/${pod} failed with exit code 3 matching FailJob rule at index 0`;
    expect(job.status?.failed).toBe(1);
    expect(job.status?.active).toBeUndefined();
    expect(job.status?.terminating).toBe(0);
    // FailureTarget first, then Failed, with the same reason and message.
    expect(
      job.status?.conditions?.map(c => [c.type, c.status, c.reason, c.message]),
    ).toEqual([
      ['FailureTarget', 'True', 'PodFailurePolicy', message],
      ['Failed', 'True', 'PodFailurePolicy', message],
    ]);
    const events = await t.core.listNamespacedEvent({
      namespace: ns,
      fieldSelector: 'involvedObject.name=permanent,reason=PodFailurePolicy',
    });
    expect(events.items.map(e => [e.type, e.message])).toEqual([
      ['Warning', message],
    ]);
  });

  it('terminates the other running pods when a FailJob rule matches, and counts them as failed', async () => {
    // The pods of one Job share this folder (they run on this machine): the
    // first to claim it runs on, the second fails with exit code 3.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfp-claim-'));
    try {
      const list = await t.batch.listNamespacedJob({ namespace: ns });
      const w = await collectWatch<V1Job>(
        t,
        `/apis/batch/v1/namespaces/${ns}/jobs`,
        { resourceVersion: list.metadata?.resourceVersion },
      );
      await t.batch.createNamespacedJob({
        namespace: ns,
        body: policyJob(
          'pair',
          `if mkdir '${dir}/claim' 2>/dev/null; then exec sleep 60; else sleep 1; exit 3; fi`,
          [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }],
          { parallelism: 2, completions: 2 },
        ),
      });
      const failed = await w.next(
        e => !!jobCondition(e.object, 'Failed'),
        'the Job Failed',
        60_000,
      );
      w.abort();
      // While the sleeping pod stopped, the Job had FailureTarget and
      // counted it as terminating.
      const during = w.events.find(
        e =>
          !!jobCondition(e.object, 'FailureTarget') &&
          !jobCondition(e.object, 'Failed'),
      );
      expect(during?.object.status?.terminating).toBe(1);
      expect(failed.object.status?.failed).toBe(2);
      expect(failed.object.status?.terminating).toBe(0);
      expect(jobCondition(failed.object, 'Failed')?.message).toMatch(
        /^Container db-init for pod .+ failed with exit code 3 matching FailJob rule at index 0$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('evaluates rules in order: the first matching rule decides', async () => {
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: policyJob(
        'ordered',
        'exit 3',
        [
          { action: 'Count', onExitCodes: { operator: 'In', values: [3] } },
          { action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } },
        ],
        { backoffLimit: 1 },
      ),
    });
    const job = await waitForJob(
      t,
      ns,
      'ordered',
      j => !!jobCondition(j, 'Failed'),
      'Failed',
    );
    // Counted against backoffLimit 1: two attempts, then BackoffLimitExceeded.
    expect(jobCondition(job, 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(job.status?.failed).toBe(2);

    await t.batch.createNamespacedJob({
      namespace: ns,
      body: policyJob('second-rule', 'exit 5', [
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } },
        { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [0] } },
      ]),
    });
    const second = await waitForJob(
      t,
      ns,
      'second-rule',
      j => !!jobCondition(j, 'Failed'),
      'Failed',
    );
    expect(jobCondition(second, 'Failed')?.message).toMatch(
      /failed with exit code 5 matching FailJob rule at index 1$/,
    );
  });

  it('does not count a failure that matches an Ignore rule on a pod condition', async () => {
    const created = await t.batch.createNamespacedJob({
      namespace: ns,
      body: policyJob(
        'disrupted',
        'exec sleep 60',
        [
          {
            action: 'Ignore',
            // The status is left out: the API server defaults it to True.
            onPodConditions: [
              {
                type: 'DisruptionTarget',
              } as V1PodFailurePolicyOnPodConditionsPattern,
            ],
          },
        ],
        { backoffLimit: 0 },
      ),
    });
    expect(
      created.spec?.podFailurePolicy?.rules[0].onPodConditions?.[0].status,
    ).toBe('True');
    const [first] = await waitFor(async () => {
      const pods = await podsOf(t, ns, 'job-name=disrupted');
      return pods[0]?.status?.phase === 'Running' ? pods : undefined;
    }, 'the first pod Running');
    const name = first.metadata!.name!;
    // What the eviction API does: mark the pod as disrupted, then delete it.
    await t.core.patchNamespacedPodStatus(
      {
        name,
        namespace: ns,
        body: {
          status: {
            conditions: [
              {
                type: 'DisruptionTarget',
                status: 'True',
                reason: 'EvictionByEvictionAPI',
                message: 'Eviction API: evicting',
              },
            ],
          },
        },
      },
      t.k8s.setHeaderOptions(
        'Content-Type',
        t.k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    await t.core.deleteNamespacedPod({ name, namespace: ns });
    const replacement = await waitFor(async () => {
      const pods = await podsOf(t, ns, 'job-name=disrupted');
      return pods.find(
        p => p.metadata!.name !== name && p.status?.phase === 'Running',
      );
    }, 'a replacement pod Running');
    expect(replacement.metadata?.name).not.toBe(name);
    const job = await t.batch.readNamespacedJob({
      name: 'disrupted',
      namespace: ns,
    });
    // backoffLimit 0, yet the Job runs on: the failure was not counted.
    expect(job.status?.failed).toBeUndefined();
    expect(jobCondition(job, 'Failed')).toBeUndefined();
    expect(job.status?.active).toBe(1);
    await t.batch.deleteNamespacedJob({
      name: 'disrupted',
      namespace: ns,
      propagationPolicy: 'Foreground',
    });
  });

  it('replaces a pod only once it has ended (podReplacementPolicy Failed)', async () => {
    await t.batch.createNamespacedJob({
      namespace: ns,
      body: policyJob(
        'replace-after',
        "trap 'sleep 1; exit 7' TERM; sleep 60 & wait",
        [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } }],
      ),
    });
    const [first] = await waitFor(async () => {
      const pods = await podsOf(t, ns, 'job-name=replace-after');
      return pods[0]?.status?.phase === 'Running' ? pods : undefined;
    }, 'the first pod Running');
    const name = first.metadata!.name!;
    const list = await t.core.listNamespacedPod({ namespace: ns });
    const w = await collectWatch(t, `/api/v1/namespaces/${ns}/pods`, {
      resourceVersion: list.metadata?.resourceVersion,
    });
    await t.core.deleteNamespacedPod({ name, namespace: ns });
    await w.next(
      e => e.type === 'ADDED' && e.object.metadata.name !== name,
      'the replacement pod',
    );
    w.abort();
    const deletedAt = w.events.findIndex(
      e => e.type === 'DELETED' && e.object.metadata.name === name,
    );
    const addedAt = w.events.findIndex(e => e.type === 'ADDED');
    expect(deletedAt).toBeGreaterThanOrEqual(0);
    expect(addedAt).toBeGreaterThan(deletedAt);
    // The stopped pod ended Failed with exit code 7, which the Ignore rule matched.
    const last = w.events[deletedAt].object;
    expect(last.status.phase).toBe('Failed');
    expect(last.status.containerStatuses[0].state.terminated.exitCode).toBe(7);
    const job = await t.batch.readNamespacedJob({
      name: 'replace-after',
      namespace: ns,
    });
    expect(job.status?.failed).toBeUndefined();
    await t.batch.deleteNamespacedJob({
      name: 'replace-after',
      namespace: ns,
      propagationPolicy: 'Foreground',
    });
  });

  describe('validation', () => {
    const invalidJob = async (
      body: V1Job,
    ): Promise<{ message: string; fields: string[] }> => {
      const { code, status } = await apiError(
        t.batch.createNamespacedJob({ namespace: ns, body }),
      );
      expect(code).toBe(422);
      expect(status.reason).toBe('Invalid');
      return {
        message: status.message!,
        fields: (status.details?.causes ?? []).map(c => c.field!),
      };
    };

    it('requires restartPolicy Never', async () => {
      const body = policyJob('on-failure', 'exit 3', [
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } },
      ]);
      body.spec!.template.spec!.restartPolicy = 'OnFailure';
      const { message, fields } = await invalidJob(body);
      expect(message).toBe(
        'Job.batch "on-failure" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
      );
      expect(fields).toEqual(['spec.template.spec.restartPolicy']);
    });

    it('checks each rule as the API server does', async () => {
      const { fields, message } = await invalidJob(
        policyJob('bad-rules', 'exit 3', [
          { action: 'FailJob', onExitCodes: { operator: 'In', values: [0] } },
          {
            action: 'FailJob',
            onExitCodes: {
              containerName: 'nope',
              operator: 'Between',
              values: [5, 3, 3],
            },
          },
          {
            action: 'Ignore',
            onExitCodes: { operator: 'In', values: [1] },
            onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
          },
          { action: 'Count' } as V1PodFailurePolicyRule,
          { action: 'Retry', onExitCodes: { operator: 'In', values: [1] } },
          {
            action: 'FailIndex',
            onExitCodes: { operator: 'In', values: [1] },
          },
          {
            action: 'Ignore',
            onPodConditions: [{ type: 'Bad Type', status: 'Maybe' }],
          },
        ]),
      );
      expect(fields).toEqual([
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]',
        'spec.podFailurePolicy.rules[1].onExitCodes.operator',
        'spec.podFailurePolicy.rules[1].onExitCodes.containerName',
        'spec.podFailurePolicy.rules[1].onExitCodes.values[2]',
        'spec.podFailurePolicy.rules[1].onExitCodes.values',
        'spec.podFailurePolicy.rules[2]',
        'spec.podFailurePolicy.rules[3]',
        'spec.podFailurePolicy.rules[4].action',
        'spec.podFailurePolicy.rules[5].action',
        'spec.podFailurePolicy.rules[6].onPodConditions[0].type',
        'spec.podFailurePolicy.rules[6].onPodConditions[0].status',
      ]);
      expect(message).toContain(
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      );
      expect(message).toContain(
        'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      );
      expect(message).toContain(
        'spec.podFailurePolicy.rules[2]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      );
      expect(message).toContain(
        'spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      );
      expect(message).toContain(
        'spec.podFailurePolicy.rules[4].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      );
      expect(message).toContain(
        'spec.podFailurePolicy.rules[5].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      );
    });

    it('keeps the policy immutable', async () => {
      await t.batch.createNamespacedJob({
        namespace: ns,
        body: policyJob(
          'fixed',
          'exit 0',
          [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }],
          { suspend: true },
        ),
      });
      const { code, status } = await apiError(
        t.batch.patchNamespacedJob(
          {
            name: 'fixed',
            namespace: ns,
            body: {
              spec: {
                podFailurePolicy: {
                  rules: [
                    {
                      action: 'Ignore',
                      onExitCodes: { operator: 'In', values: [3] },
                    },
                  ],
                },
              },
            },
          },
          t.k8s.setHeaderOptions(
            'Content-Type',
            t.k8s.PatchStrategy.MergePatch,
          ),
        ),
      );
      expect(code).toBe(422);
      expect(status.details?.causes?.map(c => c.field)).toEqual([
        'spec.podFailurePolicy',
      ]);
      expect(status.message).toContain('spec.podFailurePolicy: Invalid value');
      expect(status.message).toContain('field is immutable');
    });
  });
});
