import { buildDbInitConfigMap } from './dbInitConfigMap';
import { DATABASE_SERVER_LABEL } from './databaseServer';
import {
  buildClaimReleaseJob,
  buildDbInitJob,
  DB_INIT_RUN_ANNOTATION,
} from './dbInitJob';
import { testOwner, testProject } from '../__testUtils__/testProject';

const scripts = {
  files: [
    { name: '00-initial-schema.sql', content: 'select 0;', checksum: 'a' },
    { name: '01-roles.sql', content: 'select 1;', checksum: 'b' },
  ],
  runner: '#!/bin/sh\necho run',
  initSql: 'select 0;\nselect 1;\n',
  version: 'v1',
};

describe('buildDbInitConfigMap', () => {
  it('holds every SQL file, the runner and init.sql', () => {
    const cm = buildDbInitConfigMap(testProject(), testOwner, scripts);
    expect(cm.metadata?.name).toBe('shop-db-init');
    expect(cm.metadata?.namespace).toBe('team-a');
    expect(cm.data).toEqual({
      '00-initial-schema.sql': 'select 0;',
      '01-roles.sql': 'select 1;',
      'run-migrations.sh': '#!/bin/sh\necho run',
      'init.sql': 'select 0;\nselect 1;\n',
    });
    expect(cm.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'ConfigMap',
        name: 'shop-project',
        uid: 'anchor-uid',
      }),
    ]);
  });
});

describe('buildDbInitJob', () => {
  const job = buildDbInitJob(testProject(), testOwner, {
    runId: 7,
    sqlVersion: 'v1',
    roles: { version: 'abc123' },
  });
  const pod = job.spec!.template.spec!;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env!.map(e => [e.name, e]));

  it('follows the guide: name, image, command, retries, cleanup', () => {
    expect(job.metadata?.name).toBe('shop-db-init');
    expect(job.metadata?.annotations?.[DB_INIT_RUN_ANNOTATION]).toBe('7');
    expect(job.spec?.backoffLimit).toBe(3);
    expect(job.spec?.ttlSecondsAfterFinished).toBe(600);
    expect(pod.restartPolicy).toBe('Never');
    expect(container.image).toBe('postgres:15-alpine');
    expect(container.command).toEqual(['sh', '/scripts/run-migrations.sh']);
  });

  it("labels the Job (not its pods) with the run's database server, when given", () => {
    const labelled = buildDbInitJob(testProject(), testOwner, {
      runId: 7,
      sqlVersion: 'v1',
      roles: { version: 'abc123' },
      databaseServer: '0123456789abcdef',
    });
    expect(labelled.metadata?.labels?.[DATABASE_SERVER_LABEL]).toBe(
      '0123456789abcdef',
    );
    expect(
      labelled.spec?.template.metadata?.labels?.[DATABASE_SERVER_LABEL],
    ).toBeUndefined();
    expect(job.metadata?.labels?.[DATABASE_SERVER_LABEL]).toBeUndefined();
  });

  it('mounts the ConfigMap read-only at /scripts/', () => {
    expect(container.volumeMounts).toEqual([
      { name: 'scripts', mountPath: '/scripts/', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      {
        name: 'scripts',
        configMap: { name: 'shop-db-init', defaultMode: 0o444 },
      },
    ]);
  });

  it('takes every credential from Secrets by secretKeyRef', () => {
    const fromSecret = (name: string) => env[name].valueFrom?.secretKeyRef;
    expect(fromSecret('PGHOST')).toEqual({ name: 'shop-db', key: 'host' });
    expect(fromSecret('PGPORT')).toEqual({ name: 'shop-db', key: 'port' });
    expect(fromSecret('PGDATABASE')).toEqual({
      name: 'shop-db',
      key: 'database',
    });
    expect(fromSecret('PGUSER')).toEqual({ name: 'shop-db', key: 'username' });
    expect(fromSecret('PGPASSWORD')).toEqual({
      name: 'shop-db',
      key: 'password',
    });
    expect(fromSecret('POSTGRES_USER')).toEqual({
      name: 'shop-db',
      key: 'username',
    });
    expect(fromSecret('POSTGRES_PASSWORD')).toEqual({
      name: 'shop-db',
      key: 'password',
    });
    expect(fromSecret('JWT_SECRET')).toEqual({
      name: 'shop-jwt',
      key: 'jwtSecret',
    });
    // Each role's own password, from the project's roles Secret.
    expect(fromSecret('AUTHENTICATOR_PASSWORD')).toEqual({
      name: 'shop-db-init',
      key: 'authenticatorPassword',
    });
    expect(fromSecret('AUTH_ADMIN_PASSWORD')).toEqual({
      name: 'shop-db-init',
      key: 'authAdminPassword',
    });
    expect(fromSecret('SUPABASE_ADMIN_PASSWORD')).toEqual({
      name: 'shop-db-init',
      key: 'supabaseAdminPassword',
    });
    expect(env.PGSSLMODE.value).toBe('require');
    const sensitive = container.env!.filter(e =>
      /PASSWORD|SECRET/.test(e.name),
    );
    expect(sensitive.length).toBeGreaterThanOrEqual(9);
    expect(sensitive.filter(e => e.value !== undefined)).toEqual([]);
  });

  it('claims the roles for the project, naming the passwords it set before', () => {
    expect(env.ROLES_VERSION.value).toBe('abc123');
    expect(env.ROLES_CLAIMANT.value).toBe('team-a/shop');
    expect(env.ROLES_PREVIOUS_VERSION.value).toBe('');
    const rotation = buildDbInitJob(testProject(), testOwner, {
      runId: 8,
      sqlVersion: 'v1',
      reapply: ['01-roles.sql'],
      roles: { version: 'def456', previousVersion: 'abc1' },
    });
    const e = Object.fromEntries(
      rotation.spec!.template.spec!.containers[0].env!.map(x => [
        x.name,
        x.value,
      ]),
    );
    expect(e.ROLES_PREVIOUS_VERSION).toBe('abc1');
    expect(e.REAPPLY).toBe('01-roles.sql');
  });

  it("names the project's owner, and says whether the platform shares the server", () => {
    expect(env.PROJECT_OWNER.value).toBe('');
    expect(env.SERVER_SHARED.value).toBe('false');
    const owned = buildDbInitJob(
      testProject({ owner: 'group:default/team-a' }),
      testOwner,
      {
        runId: 8,
        sqlVersion: 'v1',
        roles: { version: 'abc123' },
        serverShared: true,
      },
    );
    const e = Object.fromEntries(
      owned.spec!.template.spec!.containers[0].env!.map(x => [x.name, x.value]),
    );
    expect(e.PROJECT_OWNER).toBe('group:default/team-a');
    expect(e.SERVER_SHARED).toBe('true');
  });

  it('carries the standard labels on the Job and its pods', () => {
    for (const labels of [
      job.metadata?.labels,
      job.spec?.template.metadata?.labels,
    ]) {
      expect(labels).toEqual({
        'app.kubernetes.io/name': 'supabase-db-init',
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/component': 'db-init',
        'app.kubernetes.io/part-of': 'supabase',
        'app.kubernetes.io/managed-by': 'backstage',
        'backstage.io/kubernetes-id': 'shop',
      });
    }
  });

  it('mounts custom SQL and honours strict mode and image overrides', () => {
    const custom = buildDbInitJob(
      testProject({
        spec: {
          database: { secretRef: 'shop-db', sslMode: 'verify-full' },
          dbInit: {
            customSqlConfigMap: 'extra-sql',
            strict: true,
            image: 'postgres:16-alpine',
          },
        },
      }),
      testOwner,
      {
        runId: 1,
        sqlVersion: 'v1',
        image: 'ignored:1',
        roles: { version: 'r' },
      },
    );
    const c = custom.spec!.template.spec!.containers[0];
    const e = Object.fromEntries(c.env!.map(x => [x.name, x.value]));
    expect(c.image).toBe('postgres:16-alpine');
    expect(e.STRICT).toBe('true');
    expect(e.CUSTOM_SQL_DIR).toBe('/custom/');
    expect(e.PGSSLMODE).toBe('verify-full');
    expect(c.volumeMounts).toContainEqual({
      name: 'custom-sql',
      mountPath: '/custom/',
      readOnly: true,
    });
  });
});

describe('the runner Jobs on a database and on a server', () => {
  const existing = testProject();
  const onServer = testProject({
    spec: { database: { serverSecretRef: 'pg-server' } },
  });
  const envOf = (job: ReturnType<typeof buildDbInitJob>) =>
    Object.fromEntries(
      job.spec!.template.spec!.containers[0].env!.map(e => [e.name, e]),
    );
  const initJob = (project = existing, maintenanceDatabase?: string) =>
    buildDbInitJob(project, testOwner, {
      runId: 1,
      sqlVersion: 'v1',
      roles: { version: 'abc' },
      maintenanceDatabase,
    });

  it('fail at the first permanent error (exit 3), not after every retry', () => {
    for (const job of [
      initJob(),
      buildClaimReleaseJob(existing, testOwner, {}),
    ]) {
      expect(job.spec!.template.spec!.restartPolicy).toBe('Never');
      expect(job.spec!.podFailurePolicy).toEqual({
        rules: [
          {
            action: 'FailJob',
            onExitCodes: {
              containerName: 'db-init',
              operator: 'In',
              values: [3],
            },
          },
          {
            action: 'Ignore',
            onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
          },
        ],
      });
      expect(job.spec!.template.spec!.containers[0].name).toBe('db-init');
    }
  });

  it('claim the database for the project', () => {
    expect(envOf(initJob()).PROJECT_CLAIMANT.value).toBe('team-a/shop');
    expect(envOf(initJob()).CREATE_DATABASE).toBeUndefined();
    expect(envOf(initJob()).PGDATABASE.valueFrom?.secretKeyRef).toEqual({
      name: 'shop-db',
      key: 'database',
    });
  });

  it('on a server, create the project database from the maintenance database', () => {
    const env = envOf(initJob(onServer));
    expect(env.CREATE_DATABASE.value).toBe('supabase_team_a_shop');
    expect(env.PGDATABASE.value).toBe('postgres');
    expect(envOf(initJob(onServer, 'template_admin')).PGDATABASE.value).toBe(
      'template_admin',
    );
    for (const name of [
      'PGHOST',
      'PGUSER',
      'PGPASSWORD',
      'POSTGRES_PASSWORD',
    ]) {
      expect(env[name].valueFrom?.secretKeyRef?.name).toBe('pg-server');
      expect(env[name].value).toBeUndefined();
    }
    expect(env.PROJECT_CLAIMANT.value).toBe('team-a/shop');
  });

  it('release the claim with the same connection and nothing else', () => {
    const job = buildClaimReleaseJob(onServer, testOwner, { waitSeconds: 5 });
    expect(job.metadata!.name).toBe('shop-release');
    expect(job.metadata!.ownerReferences![0].uid).toBe('anchor-uid');
    expect(job.spec!.backoffLimit).toBe(1);
    const env = envOf(job);
    expect(Object.keys(env).sort()).toEqual(
      [
        'CREATE_DATABASE',
        'DB_WAIT_SECONDS',
        'PGDATABASE',
        'PGHOST',
        'PGPASSWORD',
        'PGPORT',
        'PGSSLMODE',
        'PGUSER',
        'PROJECT_CLAIMANT',
        'RELEASE_CLAIM',
      ].sort(),
    );
    expect(env.RELEASE_CLAIM.value).toBe('true');
    expect(env.DB_WAIT_SECONDS.value).toBe('5');
    expect(job.spec!.template.spec!.volumes).toEqual([
      {
        name: 'scripts',
        configMap: { name: 'shop-db-init', defaultMode: 0o444 },
      },
    ]);
  });
});

describe('the db-init image follows the server major', () => {
  const imageFor = (
    database: { majorVersion?: 15 | 17 },
    configured?: string,
    image?: string,
  ) => {
    const job = buildDbInitJob(
      testProject({
        spec: {
          database: { secretRef: 'shop-db', ...database },
          ...(image ? { dbInit: { image } } : {}),
        },
      }),
      testOwner,
      {
        runId: 1,
        sqlVersion: 'v1',
        image: configured,
        roles: { version: 'r' },
      },
    );
    const c = job.spec!.template.spec!.containers[0];
    const expected = c.env!.find(e => e.name === 'DECLARED_MAJOR');
    return { image: c.image, expected: expected?.value };
  };

  it('runs the psql of the declared major, 15 when the spec does not say', () => {
    expect(imageFor({})).toEqual({
      image: 'postgres:15-alpine',
      expected: '15',
    });
    expect(imageFor({ majorVersion: 17 })).toEqual({
      image: 'postgres:17-alpine',
      expected: '17',
    });
  });

  it("fills the major into the instance's image, and the spec's image wins", () => {
    expect(
      imageFor({ majorVersion: 17 }, 'mirror.example/postgres:{major}-alpine')
        .image,
    ).toBe('mirror.example/postgres:17-alpine');
    expect(
      imageFor({ majorVersion: 17 }, 'mirror.example/psql:1', 'own:2'),
    ).toEqual({ image: 'own:2', expected: '17' });
  });
});
