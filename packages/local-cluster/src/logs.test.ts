import fs from 'node:fs';
import path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import {
  readLog,
  useTestCluster,
  waitFor,
  waitForPod,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(60_000);

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

function shellPod(
  name: string,
  script: string,
  restartPolicy: 'Never' | 'OnFailure' = 'Never',
): V1Pod {
  return {
    metadata: { name },
    spec: {
      restartPolicy,
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'main',
          image: 'postgres:15-alpine',
          command: ['sh', '-c', script],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
    },
  };
}

describe('pods/log', () => {
  let t: TestCluster;
  let ns: string;
  useTestCluster(
    (cluster, namespace) => {
      t = cluster;
      ns = namespace;
    },
    { namespacePrefix: 'logs' },
  );

  const finished = async (name: string, script: string) => {
    await t.core.createNamespacedPod({
      namespace: ns,
      body: shellPod(name, script),
    });
    return waitForPod(
      t,
      ns,
      name,
      p => p.status?.phase === 'Succeeded',
      'Succeeded',
    );
  };

  const fiveLines = 'for i in 1 2 3 4 5; do echo "line $i"; done';

  it('returns the whole log of a finished container', async () => {
    await finished('whole', fiveLines);
    expect(await readLog(t, ns, 'whole', 'main')).toBe(
      'line 1\nline 2\nline 3\nline 4\nline 5\n',
    );
  });

  it('returns the last lines with tailLines', async () => {
    await finished('tail', fiveLines);
    expect(await readLog(t, ns, 'tail', 'main', { tailLines: 2 })).toBe(
      'line 4\nline 5\n',
    );
    expect(await readLog(t, ns, 'tail', 'main', { tailLines: 10 })).toBe(
      'line 1\nline 2\nline 3\nline 4\nline 5\n',
    );
  });

  it('prefixes each line with an RFC 3339 timestamp with timestamps', async () => {
    const before = Date.now();
    await finished('stamped', fiveLines);
    const log = await readLog(t, ns, 'stamped', 'main', {
      timestamps: true,
      tailLines: 3,
    });
    const lines = log.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const stamps = lines.map(line => {
      const [stamp, ...rest] = line.split(' ');
      expect(stamp).toMatch(RFC3339_NANO);
      expect(rest.join(' ')).toMatch(/^line [345]$/);
      return stamp;
    });
    expect([...stamps].sort()).toEqual(stamps);
    expect(Date.parse(stamps[0])).toBeGreaterThanOrEqual(before - 1000);
  });

  it('cuts the log at limitBytes', async () => {
    await finished('limited', fiveLines);
    expect(await readLog(t, ns, 'limited', 'main', { limitBytes: 10 })).toBe(
      'line 1\nlin',
    );
  });

  it('streams new lines with follow and ends when the container ends', async () => {
    await t.core.createNamespacedPod({
      namespace: ns,
      body: shellPod(
        'follower',
        'echo waiting; while [ ! -e /data/go ]; do sleep 0.02; done; echo "got $(cat /data/go)"',
      ),
    });
    await waitForPod(
      t,
      ns,
      'follower',
      p => !!p.status?.containerStatuses?.[0]?.state?.running,
      'running',
    );
    const dataDir = t.cluster
      .podRuntime(ns, 'follower')!
      .containers[0].mounts.find(m => m.mountPath === '/data')!.hostPath;
    let sawWaiting = false;
    const log = await readLog(
      t,
      ns,
      'follower',
      'main',
      { follow: true },
      (_chunk, soFar) => {
        // The container goes on only once the client has the first line.
        if (!sawWaiting && soFar === 'waiting\n') {
          sawWaiting = true;
          // Written aside and renamed: the shell may see the file between
          // its creation and its content otherwise.
          fs.writeFileSync(path.join(dataDir, 'go.tmp'), 'signal');
          fs.renameSync(path.join(dataDir, 'go.tmp'), path.join(dataDir, 'go'));
        }
      },
    );
    expect(sawWaiting).toBe(true);
    expect(log).toBe('waiting\ngot signal\n');
    const pod = await t.core.readNamespacedPod({
      name: 'follower',
      namespace: ns,
    });
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(
      0,
    );
  });

  it('returns the log of the previous instance of a restarted container with previous', async () => {
    await t.core.createNamespacedPod({
      namespace: ns,
      body: shellPod(
        'restarted',
        'n=$(cat /data/n 2>/dev/null || echo 0); n=$((n + 1)); echo $n > /data/n; echo "attempt $n"; if [ $n -lt 2 ]; then exit 1; fi; sleep 60',
        'OnFailure',
      ),
    });
    const pod = await waitForPod(
      t,
      ns,
      'restarted',
      p =>
        p.status?.containerStatuses?.[0]?.restartCount === 1 &&
        !!p.status.containerStatuses[0].state?.running,
      'restarted once and running',
    );
    const status = pod.status!.containerStatuses![0];
    expect(status.lastState?.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    await waitFor(
      async () => (await readLog(t, ns, 'restarted', 'main')) === 'attempt 2\n',
      'the second attempt to print',
    );
    expect(await readLog(t, ns, 'restarted', 'main', { previous: true })).toBe(
      'attempt 1\n',
    );
  });

  it('answers 400 for the previous log of a container that never restarted', async () => {
    await finished('once', 'echo once');
    const error = await readLog(t, ns, 'once', 'main', {
      previous: true,
    }).catch(e => e);
    expect(error.code).toBe(400);
  });

  it('answers 400 without a container name when the pod has several', async () => {
    await t.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'two' },
        spec: {
          containers: [
            { name: 'a', image: 'nginx:1.27' },
            { name: 'b', image: 'nginx:1.27' },
          ],
        },
      },
    });
    await waitForPod(
      t,
      ns,
      'two',
      p => p.status?.phase === 'Running',
      'Running',
    );
    const error = await readLog(t, ns, 'two', '').catch(e => e);
    expect(error.code).toBe(400);
    expect(await readLog(t, ns, 'two', 'b')).toContain(
      'simulated container "b"',
    );
  });

  it('answers 404 for a missing pod', async () => {
    const error = await readLog(t, ns, 'missing', 'main').catch(e => e);
    expect(error.code).toBe(404);
  });
});
