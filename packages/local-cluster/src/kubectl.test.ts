import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  startLocalPostgres,
  type LocalPostgres,
} from '@supabase-backstage/local-postgres';
import {
  rawRequest,
  startTestCluster,
  waitFor,
  type TestCluster,
} from './__testUtils__/testCluster';

jest.setTimeout(120_000);

const run = promisify(execFile);

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = path.join(
  REPO_ROOT,
  'examples',
  'kubernetes',
  'db-init-job.yaml',
);

/** The machine's kubectl, found on PATH. */
function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'kubectl');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

describe('kubectl against the local cluster', () => {
  let t: TestCluster;
  let postgres: LocalPostgres;
  let dir: string;
  let kubectlPath: string;
  let namespaces = 0;

  beforeAll(async () => {
    const found = findKubectl();
    if (!found) {
      throw new Error(
        'kubectl is not on PATH: these tests run the machine’s kubectl',
      );
    }
    kubectlPath = found;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-kubectl-'));
    [t, postgres] = await Promise.all([
      startTestCluster(),
      startLocalPostgres(),
    ]);
    fs.writeFileSync(path.join(dir, 'kubeconfig'), t.cluster.kubeconfigYaml);
  });

  afterAll(async () => {
    await Promise.all([t?.stop(), postgres?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const kubectlArgs = (args: string[]) => [
    '--kubeconfig',
    path.join(dir, 'kubeconfig'),
    '--cache-dir',
    path.join(dir, 'cache'),
    ...args,
  ];
  const kubectlEnv = () => ({ ...process.env, HOME: dir });

  /** Runs kubectl; resolves with its output, rejects with its stderr. */
  const runKubectl = async (
    ...args: string[]
  ): Promise<{ stdout: string; stderr: string }> => {
    try {
      return await run(kubectlPath, kubectlArgs(args), {
        env: kubectlEnv(),
        timeout: 90_000,
      });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(
        `kubectl ${args.join(' ')} failed: ${e.stderr || e.message}`,
      );
    }
  };
  const kubectl = async (...args: string[]): Promise<string> =>
    (await runKubectl(...args)).stdout;

  const newNamespace = async (prefix: string) => {
    const name = `${prefix}-${++namespaces}`;
    expect(await kubectl('create', 'namespace', name)).toBe(
      `namespace/${name} created\n`,
    );
    return name;
  };

  /** The db-init Secret, made with `kubectl create secret generic`. */
  const createDatabaseSecret = async (
    ns: string,
    database: string,
    password = postgres.password,
  ) => {
    const out = await kubectl(
      '-n',
      ns,
      'create',
      'secret',
      'generic',
      'db-init-example-db',
      `--from-literal=host=${postgres.host}`,
      `--from-literal=port=${postgres.port}`,
      `--from-literal=database=${database}`,
      `--from-literal=username=${postgres.user}`,
      `--from-literal=password=${password}`,
    );
    expect(out).toBe('secret/db-init-example-db created\n');
  };

  it('lists namespaces as a table', async () => {
    const out = await kubectl('get', 'namespaces');
    const lines = out.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'STATUS', 'AGE']);
    const rows = lines.slice(1).map(l => l.split(/\s+/).slice(0, 2));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['default', 'Active'],
        ['kube-system', 'Active'],
      ]),
    );
  });

  it('creates Secrets and ConfigMaps with kubectl create (protobuf bodies)', async () => {
    const ns = await newNamespace('kubectl-create');
    expect(
      await kubectl(
        '-n',
        ns,
        'create',
        'secret',
        'generic',
        'creds',
        '--from-literal=password=p@ss w0rd',
      ),
    ).toBe('secret/creds created\n');
    expect(
      await kubectl(
        '-n',
        ns,
        'create',
        'configmap',
        'settings',
        '--from-literal=a=1',
        '--from-literal=b=two',
      ),
    ).toBe('configmap/settings created\n');

    const secret = await t.core.readNamespacedSecret({
      name: 'creds',
      namespace: ns,
    });
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data?.password ?? '', 'base64').toString()).toBe(
      'p@ss w0rd',
    );
    const cm = await t.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: ns,
    });
    expect(cm.data).toEqual({ a: '1', b: 'two' });
    expect(cm.metadata?.creationTimestamp).toBeDefined();
  });

  it('creates, scales and watches a Deployment of simulated pods', async () => {
    const ns = await newNamespace('kubectl-deploy');
    const watcher = spawn(
      kubectlPath,
      kubectlArgs(['-n', ns, 'get', 'pods', '--watch']),
      { env: kubectlEnv() },
    );
    let watched = '';
    watcher.stdout.setEncoding('utf8');
    watcher.stdout.on('data', chunk => {
      watched += chunk;
    });
    try {
      expect(
        await kubectl(
          '-n',
          ns,
          'create',
          'deployment',
          'web',
          '--image=nginx:1.27',
          '--port=80',
        ),
      ).toBe('deployment.apps/web created\n');
      expect(
        await kubectl('-n', ns, 'scale', 'deployment', 'web', '--replicas=3'),
      ).toBe('deployment.apps/web scaled\n');
      expect(
        await kubectl(
          '-n',
          ns,
          'rollout',
          'status',
          'deployment/web',
          '--timeout=60s',
        ),
      ).toContain('deployment "web" successfully rolled out');
      const row = (await kubectl('-n', ns, 'get', 'deployment', 'web'))
        .trimEnd()
        .split('\n')[1]
        .split(/\s+/);
      expect(row.slice(0, 4)).toEqual(['web', '3/3', '3', '3']);
      const annotations = await kubectl(
        '-n',
        ns,
        'get',
        'pods',
        '-l',
        'app=web',
        '-o',
        "jsonpath={range .items[*]}{.metadata.annotations.local-cluster\\.supabase-backstage\\.dev/simulated}{'\\n'}{end}",
      );
      expect(annotations).toBe('true\ntrue\ntrue\n');

      // The watch prints rows of the same table as it goes.
      await waitFor(
        () =>
          watched.split('\n').filter(l => /^web-\S+\s+1\/1\s+Running\s/.test(l))
            .length >= 3,
        'three Running rows in kubectl get --watch',
      );
      expect(watched.split('\n')[0].split(/\s+/)).toEqual([
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
      ]);
    } finally {
      watcher.kill();
    }
  });

  it('runs the example db-init Job against a real PostgreSQL', async () => {
    const ns = await newNamespace('db-init');
    const database = await postgres.createDatabase();
    await createDatabaseSecret(ns, database);

    expect(await kubectl('-n', ns, 'apply', '-f', EXAMPLE)).toBe(
      'configmap/db-init-example created\njob.batch/db-init-example created\n',
    );
    expect(
      await kubectl(
        '-n',
        ns,
        'wait',
        '--for=condition=complete',
        'job/db-init-example',
        '--timeout=60s',
      ),
    ).toBe('job.batch/db-init-example condition met\n');

    const jobs = (await kubectl('-n', ns, 'get', 'jobs')).trimEnd().split('\n');
    expect(jobs[0].split(/\s+/).slice(0, 3)).toEqual([
      'NAME',
      'STATUS',
      'COMPLETIONS',
    ]);
    expect(jobs[1].split(/\s+/).slice(0, 3)).toEqual([
      'db-init-example',
      'Complete',
      '1/1',
    ]);

    const described = await kubectl(
      '-n',
      ns,
      'describe',
      'job',
      'db-init-example',
    );
    expect(described).toMatch(/Backoff Limit:\s+3\n/);
    expect(described).toMatch(/TTL Seconds After Finished:\s+600\n/);
    expect(described).toMatch(
      /Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed\n/,
    );
    expect(described).toMatch(
      /PGPASSWORD:\s+<set to the key 'password' in secret 'db-init-example-db'>/,
    );
    expect(described).toMatch(/\/docker-entrypoint-initdb\.d from sql \(ro\)/);
    expect(described).toMatch(/Normal\s+SuccessfulCreate\s+.*job-controller/);
    expect(described).toMatch(/Normal\s+Completed\s+.*Job completed/);

    const log = await kubectl('-n', ns, 'logs', 'job/db-init-example');
    expect(log).toBe(
      [
        `db-init: waiting for ${postgres.host}:${postgres.port}`,
        'db-init: running 01-example.sql',
        'CREATE TABLE',
        'INSERT 0 1',
        ' example_rows ',
        '--------------',
        '            1',
        '(1 row)',
        '',
        'db-init: done',
        '',
      ].join('\n'),
    );

    // The SQL ran against the real database.
    const { stdout } = await run(
      'psql',
      ['-tAc', 'SELECT note FROM db_init_example'],
      { env: { ...process.env, ...postgres.env, PGDATABASE: database } },
    );
    expect(stdout).toBe('written by db-init-example\n');

    expect(await kubectl('-n', ns, 'apply', '-f', EXAMPLE)).toBe(
      'configmap/db-init-example unchanged\njob.batch/db-init-example unchanged\n',
    );
    expect(await kubectl('-n', ns, 'delete', 'job', 'db-init-example')).toBe(
      'job.batch "db-init-example" deleted\n',
    );
    await waitFor(
      async () =>
        (await t.core.listNamespacedPod({ namespace: ns })).items.length === 0,
      'the Job pod to be deleted with the Job',
    );
  });

  it('shows a db-init Job that fails every attempt with a wrong password', async () => {
    const ns = await newNamespace('db-init-fail');
    const database = await postgres.createDatabase();
    await createDatabaseSecret(ns, database, 'not-the-password');
    await kubectl('-n', ns, 'apply', '-f', EXAMPLE);
    expect(
      await kubectl(
        '-n',
        ns,
        'wait',
        '--for=condition=failed',
        'job/db-init-example',
        '--timeout=60s',
      ),
    ).toBe('job.batch/db-init-example condition met\n');

    const described = await kubectl(
      '-n',
      ns,
      'describe',
      'job',
      'db-init-example',
    );
    // backoffLimit 3: the first attempt and three retries.
    expect(described).toMatch(
      /Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 4 Failed\n/,
    );
    expect(described).toMatch(
      /Warning\s+BackoffLimitExceeded\s+.*Job has reached the specified backoff limit/,
    );
    const pods = (await kubectl('-n', ns, 'get', 'pods', '--no-headers'))
      .trimEnd()
      .split('\n')
      .map(l => l.split(/\s+/));
    expect(pods).toHaveLength(4);
    for (const pod of pods) expect(pod[2]).toBe('Error');

    const log = await kubectl('-n', ns, 'logs', pods[0][0]);
    expect(log).toContain('db-init: running 01-example.sql');
    expect(log).toContain('password authentication failed');
    expect(log).not.toContain('db-init: done');
  });

  it('shows a Job failed by its podFailurePolicy, and refuses a policy with OnFailure', async () => {
    const ns = await newNamespace('pod-failure-policy');
    const manifest = (restartPolicy: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: db-init
spec:
  backoffLimit: 3
  podFailurePolicy:
    rules:
      - action: FailJob
        onExitCodes:
          containerName: db-init
          operator: In
          values: [3]
      - action: Ignore
        onPodConditions:
          - type: DisruptionTarget
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
        - name: db-init
          image: postgres:15-alpine
          command: ["sh", "-c", "echo 'role is claimed' >&2; exit 3"]
`;
    const file = path.join(dir, 'pod-failure-policy.yaml');
    fs.writeFileSync(file, manifest('OnFailure'));
    await expect(kubectl('-n', ns, 'apply', '-f', file)).rejects.toThrow(
      'The Job "db-init" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    );

    fs.writeFileSync(file, manifest('Never'));
    expect(await kubectl('-n', ns, 'apply', '-f', file)).toBe(
      'job.batch/db-init created\n',
    );
    expect(
      await kubectl(
        '-n',
        ns,
        'wait',
        '--for=condition=failed',
        'job/db-init',
        '--timeout=60s',
      ),
    ).toBe('job.batch/db-init condition met\n');
    const [header, row] = (await kubectl('-n', ns, 'get', 'job', 'db-init'))
      .trimEnd()
      .split('\n')
      .map(l => l.split(/\s+/));
    expect(header.slice(0, 3)).toEqual(['NAME', 'STATUS', 'COMPLETIONS']);
    expect(row.slice(0, 3)).toEqual(['db-init', 'Failed', '0/1']);
    expect(
      await kubectl(
        '-n',
        ns,
        'get',
        'job',
        'db-init',
        '-o',
        'jsonpath={range .status.conditions[*]}{.type}={.reason}{"\\n"}{end}',
      ),
    ).toBe('FailureTarget=PodFailurePolicy\nFailed=PodFailurePolicy\n');

    const pod = (await kubectl('-n', ns, 'get', 'pods', '-o', 'name')).trim();
    // One attempt only, although backoffLimit allows three retries.
    expect(pod).toMatch(/^pod\/db-init-[a-z0-9]{5}$/);
    const described = await kubectl('-n', ns, 'describe', 'job', 'db-init');
    expect(described).toMatch(
      /Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 1 Failed\n/,
    );
    expect(described).toContain(
      `Container db-init for pod ${ns}/${pod.slice(
        'pod/'.length,
      )} failed with exit code 3 matching FailJob rule at index 0`,
    );
    expect(described).toMatch(/Warning\s+PodFailurePolicy\s/);
  });

  describe('everyday commands', () => {
    /** A table's rows (header first), split into cells. */
    const table = (out: string) =>
      out
        .trimEnd()
        .split('\n')
        .map(l => l.split(/\s{2,}/));

    const revisions = async (ns: string) =>
      table(
        await kubectl(
          '-n',
          ns,
          'get',
          'rs',
          '--sort-by=.metadata.annotations.deployment\\.kubernetes\\.io/revision',
          '-o',
          'custom-columns=IMAGE:.spec.template.spec.containers[0].image,REVISION:.metadata.annotations.deployment\\.kubernetes\\.io/revision,HISTORY:.metadata.annotations.deployment\\.kubernetes\\.io/revision-history,REPLICAS:.spec.replicas',
        ),
      ).slice(1);

    /** `kubectl create deployment web` (nginx 1.27), rolled out. */
    const deployWeb = async (ns: string, replicas: number) => {
      await kubectl(
        '-n',
        ns,
        'create',
        'deployment',
        'web',
        '--image=nginx:1.27',
        `--replicas=${replicas}`,
      );
      await kubectl('-n', ns, 'rollout', 'status', 'deployment/web');
    };

    /** Waits for the ReplicaSets' image, revision, revision history and replicas. */
    const waitForRevisions = (ns: string, expected: string[][]) =>
      waitFor(
        async () =>
          JSON.stringify(await revisions(ns)) === JSON.stringify(expected),
        `ReplicaSets ${JSON.stringify(expected)}`,
        { timeoutMs: 60_000 },
      );

    it('keeps Deployment revisions for rollout history and rollout undo', async () => {
      const ns = await newNamespace('rollout');
      await deployWeb(ns, 2);
      await kubectl(
        '-n',
        ns,
        'annotate',
        'deployment/web',
        'kubernetes.io/change-cause=nginx 1.28',
      );
      await kubectl(
        '-n',
        ns,
        'set',
        'image',
        'deployment/web',
        'nginx=nginx:1.28',
      );
      await kubectl('-n', ns, 'rollout', 'status', 'deployment/web');
      expect(
        await kubectl(
          '-n',
          ns,
          'get',
          'deployment',
          'web',
          '-o',
          'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
        ),
      ).toBe('2');
      const history = table(
        await kubectl('-n', ns, 'rollout', 'history', 'deployment/web'),
      );
      expect(history.slice(1, 4)).toEqual([
        ['REVISION', 'CHANGE-CAUSE'],
        ['1', 'nginx 1.28'],
        ['2', 'nginx 1.28'],
      ]);

      expect(await kubectl('-n', ns, 'rollout', 'undo', 'deployment/web')).toBe(
        'deployment.apps/web rolled back\n',
      );
      await kubectl('-n', ns, 'rollout', 'status', 'deployment/web');
      // The ReplicaSet of revision 1 is used again, as revision 3.
      await waitForRevisions(ns, [
        ['nginx:1.28', '2', '<none>', '0'],
        ['nginx:1.27', '3', '1', '2'],
      ]);
      expect(
        await kubectl(
          '-n',
          ns,
          'rollout',
          'history',
          'deployment/web',
          '--revision=3',
        ),
      ).toContain('Image:\tnginx:1.27');

      await kubectl(
        '-n',
        ns,
        'rollout',
        'undo',
        'deployment/web',
        '--to-revision=2',
      );
      await kubectl('-n', ns, 'rollout', 'status', 'deployment/web');
      await waitForRevisions(ns, [
        ['nginx:1.27', '3', '1', '0'],
        ['nginx:1.28', '4', '2', '2'],
      ]);
    });

    it('fails an OnFailure Job once its container restarts reach backoffLimit', async () => {
      const ns = await newNamespace('on-failure');
      const file = path.join(dir, 'on-failure.yaml');
      fs.writeFileSync(
        file,
        `apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: main
          image: postgres:15-alpine
          command: ["sh", "-c", "echo failing; exit 1"]
`,
      );
      await kubectl('-n', ns, 'apply', '-f', file);
      expect(
        await kubectl(
          '-n',
          ns,
          'wait',
          '--for=condition=failed',
          'job/flaky',
          '--timeout=90s',
        ),
      ).toBe('job.batch/flaky condition met\n');
      expect(
        await kubectl(
          '-n',
          ns,
          'get',
          'job',
          'flaky',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Failed")].reason}',
        ),
      ).toBe('BackoffLimitExceeded');
      const described = await kubectl('-n', ns, 'describe', 'job', 'flaky');
      expect(described).toMatch(
        /Warning\s+BackoffLimitExceeded\s+.*Job has reached the specified backoff limit/,
      );
    });

    it('sorts with --sort-by and prints the wide columns', async () => {
      const ns = await newNamespace('wide');
      await deployWeb(ns, 3);
      await kubectl(
        '-n',
        ns,
        'create',
        'service',
        'clusterip',
        'web',
        '--tcp=80:80',
      );

      // Sorted by a field that is not in the table: the rows carry the objects.
      const byIp = table(
        await kubectl(
          '-n',
          ns,
          'get',
          'pods',
          '--sort-by=.status.podIP',
          '-o',
          'wide',
        ),
      );
      expect(byIp[0]).toEqual([
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
        'IP',
        'NODE',
        'NOMINATED NODE',
        'READINESS GATES',
      ]);
      expect(byIp).toHaveLength(4);
      const ips = byIp.slice(1).map(r => r[5]);
      const numeric = (ip: string) => ip.split('.').map(Number);
      expect(ips).toEqual(
        [...ips].sort((a, b) => {
          const [x, y] = [numeric(a), numeric(b)];
          const i = x.findIndex((v, j) => v !== y[j]);
          return i < 0 ? 0 : x[i] - y[i];
        }),
      );
      const byAge = table(
        await kubectl(
          '-n',
          ns,
          'get',
          'pods',
          '--sort-by=.metadata.creationTimestamp',
          '--no-headers',
        ),
      );
      expect(byAge).toHaveLength(3);

      const deploy = table(
        await kubectl('-n', ns, 'get', 'deployment', '-o', 'wide'),
      );
      expect(deploy).toEqual([
        [
          'NAME',
          'READY',
          'UP-TO-DATE',
          'AVAILABLE',
          'AGE',
          'CONTAINERS',
          'IMAGES',
          'SELECTOR',
        ],
        [
          'web',
          '3/3',
          '3',
          '3',
          expect.any(String),
          'nginx',
          'nginx:1.27',
          'app=web',
        ],
      ]);
      const rs = table(await kubectl('-n', ns, 'get', 'rs', '-o', 'wide'));
      expect(rs[0].slice(5)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
      expect(rs[1].slice(5, 7)).toEqual(['nginx', 'nginx:1.27']);
      expect(rs[1][7]).toMatch(/^app=web,pod-template-hash=[a-z0-9]+$/);
      const svc = table(await kubectl('-n', ns, 'get', 'svc', '-o', 'wide'));
      expect(svc[0][6]).toBe('SELECTOR');
      expect(svc[1][6]).toBe('app=web');
    });

    it('answers 413 to a body over the limit', async () => {
      const ns = await newNamespace('too-large');
      const file = path.join(dir, 'ten-mib.txt');
      fs.writeFileSync(file, Buffer.alloc(10 * 1024 * 1024, 'a'));
      await expect(
        kubectl('-n', ns, 'create', 'configmap', 'big', `--from-file=${file}`),
      ).rejects.toThrow(
        'error: failed to create configmap: Request entity too large: limit is 3145728',
      );
      // The connection was not cut: the next command works.
      expect(
        await kubectl(
          '-n',
          ns,
          'create',
          'configmap',
          'small',
          '--from-literal=a=b',
        ),
      ).toBe('configmap/small created\n');
    });

    it('drops unknown fields with a warning, and rejects them under --validate=strict', async () => {
      const ns = await newNamespace('unknown-fields');
      const file = path.join(dir, 'unknown-field.yaml');
      fs.writeFileSync(
        file,
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  colour: blue
data:
  a: b
dta:
  c: d
`,
      );
      await expect(
        kubectl('-n', ns, 'apply', '--validate=strict', '-f', file),
      ).rejects.toThrow(
        /strict decoding error: unknown field "dta", unknown field "metadata.colour"|strict decoding error: unknown field "metadata.colour", unknown field "dta"/,
      );
      const { stdout, stderr } = await runKubectl(
        '-n',
        ns,
        'apply',
        '--validate=warn',
        '-f',
        file,
      );
      expect(stdout).toBe('configmap/settings created\n');
      expect(stderr).toContain('Warning: unknown field "dta"');
      expect(stderr).toContain('Warning: unknown field "metadata.colour"');
      const stored = JSON.parse(
        await kubectl('-n', ns, 'get', 'configmap', 'settings', '-o', 'json'),
      );
      expect(stored.data).toEqual({ a: 'b' });
      expect(stored.dta).toBeUndefined();
      expect(stored.metadata.colour).toBeUndefined();
    });

    it('serves /version without a token, and refuses a wrong one', async () => {
      const anonymous = await rawRequest(t, 'GET', '/version', {
        token: false,
      });
      expect(anonymous.code).toBe(200);
      expect(JSON.parse(anonymous.body)).toMatchObject({
        major: '1',
        minor: '32',
      });
      const wrong = await rawRequest(t, 'GET', '/version', {
        token: false,
        headers: { Authorization: 'Bearer not-the-token' },
      });
      expect(wrong.code).toBe(401);
      const version = JSON.parse(await kubectl('version', '-o', 'json'));
      expect(version.serverVersion.gitVersion).toBe('v1.32.0-local-cluster');
    });

    it('explains the served kinds from their OpenAPI schemas', async () => {
      const rules = await kubectl('explain', 'job.spec.podFailurePolicy.rules');
      expect(rules).toMatch(/^GROUP:\s+batch\nKIND:\s+Job\nVERSION:\s+v1\n/);
      expect(rules).toContain('FIELD: rules <[]PodFailurePolicyRule>');
      expect(rules).toContain('The rules are evaluated in order.');
      expect(rules).toMatch(/action\t<string> -required-/);
      expect(rules).toMatch(
        /onExitCodes\t<PodFailurePolicyOnExitCodesRequirement>/,
      );

      const recursive = await kubectl(
        'explain',
        'deployment.spec',
        '--recursive',
      );
      expect(recursive).toMatch(/revisionHistoryLimit\t<integer>/);
      expect(recursive).toMatch(/template\t<PodTemplateSpec> -required-/);
      expect(recursive).toMatch(/containers\t<\[\]Container> -required-/);

      const configMapData = await kubectl('explain', 'configmap.data');
      expect(configMapData).toContain('FIELD: data <map[string]string>');

      await expect(kubectl('explain', 'poddisruptionbudget')).rejects.toThrow(
        'the server doesn\'t have a resource type "poddisruptionbudget"',
      );
    });

    it('lists the workload types it serves read-only, refuses to create them, and has no metrics', async () => {
      const ns = await newNamespace('read-only');
      const types =
        'statefulsets,daemonsets,cronjobs,horizontalpodautoscalers,limitranges,resourcequotas';
      const listed = await runKubectl(
        '-n',
        ns,
        'get',
        types,
        '-l',
        'backstage.io/kubernetes-id=web',
      );
      expect(listed.stdout).toBe('');
      expect(listed.stderr).toBe(`No resources found in ${ns} namespace.\n`);
      expect(await kubectl('get', 'sts', '-A', '-o', 'name')).toBe('');

      await expect(
        kubectl(
          '-n',
          ns,
          'create',
          'cronjob',
          'nightly',
          '--image=busybox:1.36',
          '--schedule=0 3 * * *',
        ),
      ).rejects.toThrow(
        'error: failed to create cronjob: the local cluster serves cronjobs read-only: it has no CronJob controller to start Jobs on a schedule',
      );
      await expect(kubectl('-n', ns, 'top', 'pod')).rejects.toThrow(
        'error: Metrics API not available',
      );
    });

    it('says exec, cp, attach and port-forward are not supported', async () => {
      const ns = await newNamespace('no-runtime');
      await kubectl(
        '-n',
        ns,
        'run',
        'box',
        '--image=busybox:1.36',
        '--',
        'sleep',
        '3600',
      );
      await kubectl(
        '-n',
        ns,
        'wait',
        '--for=condition=ready',
        'pod/box',
        '--timeout=60s',
      );
      const refused = (what: string) =>
        `${what} is not supported by the local cluster: its containers are local processes or simulated, with no container runtime to connect to; use "kubectl logs" to see their output`;

      await expect(
        kubectl('-n', ns, 'exec', 'box', '--', 'ls'),
      ).rejects.toThrow(
        `Error from server (BadRequest): ${refused('exec (and kubectl cp)')}`,
      );
      await expect(
        kubectl(
          '-n',
          ns,
          'cp',
          path.join(dir, 'kubeconfig'),
          'box:/tmp/kubeconfig',
        ),
      ).rejects.toThrow(refused('exec (and kubectl cp)'));
      await expect(kubectl('-n', ns, 'attach', 'box')).rejects.toThrow(
        refused('attach'),
      );
      await expect(
        kubectl('-n', ns, 'port-forward', 'pod/box', '18080:80'),
      ).rejects.toThrow(refused('port-forward'));
      // A pod that does not exist is still 404.
      await expect(
        kubectl('-n', ns, 'exec', 'nope', '--', 'ls'),
      ).rejects.toThrow('Error from server (NotFound): pods "nope" not found');
    });
  });
});
