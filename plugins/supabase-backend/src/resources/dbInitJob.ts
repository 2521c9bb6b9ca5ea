import type {
  V1EnvVar,
  V1Job,
  V1PodFailurePolicy,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import {
  DEFAULT_MAINTENANCE_DATABASE,
  databaseSecretOf,
  projectDatabaseName,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { databaseEnvVar } from './databaseEnv';
import { DATABASE_SERVER_LABEL } from './databaseServer';
import { SQL_VERSION_ANNOTATION } from './dbInitConfigMap';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { DATABASE_ROLES } from './rolePasswords';
import { ProjectObjectInput } from './types';

/** Which db-init run (in the store) a Job belongs to. */
export const DB_INIT_RUN_ANNOTATION = 'supabase.backstage.io/db-init-run';

export const DB_INIT_IMAGE_TEMPLATE = 'postgres:{major}-alpine';
/** The major of a project that does not say (the servers before PostgreSQL 17). */
export const DEFAULT_POSTGRES_MAJOR = 15;

/**
 * The db-init image for a server of `major`: psql of the same major. An
 * image configured for the instance (`dbInit.image`) may hold `{major}`.
 */
export function dbInitImage(configured: string | undefined, major: number) {
  return (configured ?? DB_INIT_IMAGE_TEMPLATE).replace(
    /\{major\}/g,
    String(major),
  );
}

/** The guide's contract: three retries, cleaned up ten minutes after. */
export const DB_INIT_BACKOFF_LIMIT = 3;
export const DB_INIT_TTL_SECONDS = 600;
export const DB_INIT_CONTAINER = 'db-init';
/** run-migrations.sh's exit code for errors no retry can fix. */
export const DB_INIT_PERMANENT_EXIT_CODE = 3;
/** A claim release retries a transient failure once. */
export const CLAIM_RELEASE_BACKOFF_LIMIT = 1;
const SCRIPTS_PATH = '/scripts/';
const CUSTOM_SQL_PATH = '/custom/';
/** The postgres user of the alpine image. */
const POSTGRES_UID = 70;

/**
 * Job `<project>-db-init`: runs `sh /scripts/run-migrations.sh` in
 * `postgres:<major>-alpine` against the project's database, claiming it for the
 * project first (PROJECT_CLAIMANT) and, on a server, creating it
 * (CREATE_DATABASE). Every credential comes from a Secret by `secretKeyRef`,
 * never as a value in the Job; psql reads them from libpq environment
 * variables, never from a URL or command line.
 */
export function buildDbInitJob(
  project: ProjectObjectInput,
  owner: AnchorRef,
  options: RunnerOptions & {
    runId: number;
    sqlVersion: string;
    /** SQL files to apply again although recorded (after a rotation). */
    reapply?: string[];
    /**
     * The fingerprint of the role passwords in the `<project>-db-init`
     * Secret, with which 01-roles.sql claims the server's roles, and that of
     * the passwords the project set before (a prefix is enough): a claim
     * made with those may move (see 01-roles.sql).
     */
    roles: { version: string; previousVersion?: string };
    /** The server the run connects to (databaseServerId), as a label. */
    databaseServer?: string;
    /**
     * The platform shares the server between owners (isSharedByOwners):
     * the run records the server shared, and warns. Otherwise the server
     * holds the projects of the project's owner only; a server is never
     * both (docs/decisions/0027).
     */
    serverShared?: boolean;
  },
): V1Job {
  const names = objectNames(project.name);
  const fromDb = (name: string, key: string) =>
    databaseEnvVar(project, name, key);
  const custom = project.spec.dbInit?.customSqlConfigMap;
  const env: V1EnvVar[] = [
    ...connectionEnv(project, options),
    // The SQL set's psql variables, as in upstream's docker-compose.
    fromDb('POSTGRES_USER', 'username'),
    fromDb('POSTGRES_PASSWORD', 'password'),
    {
      name: 'JWT_SECRET',
      valueFrom: { secretKeyRef: { name: names.jwtSecret, key: 'jwtSecret' } },
    },
    { name: 'JWT_EXP', value: String(project.spec.jwt?.expirySeconds ?? 3600) },
    ...Object.values(DATABASE_ROLES).map(role => ({
      name: role.sqlVariable,
      valueFrom: {
        secretKeyRef: { name: names.dbInit, key: role.secretKey },
      },
    })),
    { name: 'ROLES_VERSION', value: options.roles.version },
    { name: 'ROLES_CLAIMANT', value: stringifyProjectRef(project) },
    {
      name: 'ROLES_PREVIOUS_VERSION',
      value: options.roles.previousVersion ?? '',
    },
    { name: 'PROJECT_OWNER', value: project.owner ?? '' },
    { name: 'SERVER_SHARED', value: options.serverShared ? 'true' : 'false' },
    { name: 'DECLARED_MAJOR', value: String(postgresMajorOf(project)) },
    { name: 'STRICT', value: project.spec.dbInit?.strict ? 'true' : 'false' },
    ...(options.reapply?.length
      ? [{ name: 'REAPPLY', value: options.reapply.join(' ') }]
      : []),
  ];
  const volumes: V1Volume[] = [];
  const mounts: V1VolumeMount[] = [];
  if (custom) {
    env.push({ name: 'CUSTOM_SQL_DIR', value: CUSTOM_SQL_PATH });
    volumes.push({
      name: 'custom-sql',
      configMap: { name: custom, defaultMode: 0o444 },
    });
    mounts.push({
      name: 'custom-sql',
      mountPath: CUSTOM_SQL_PATH,
      readOnly: true,
    });
  }
  return runnerJob(project, owner, options, {
    name: names.dbInit,
    component: 'db-init',
    labels: options.databaseServer
      ? { [DATABASE_SERVER_LABEL]: options.databaseServer }
      : {},
    annotations: {
      [DB_INIT_RUN_ANNOTATION]: String(options.runId),
      [SQL_VERSION_ANNOTATION]: options.sqlVersion,
    },
    backoffLimit: DB_INIT_BACKOFF_LIMIT,
    env,
    volumes,
    mounts,
  });
}

/**
 * Job `<project>-release`: run-migrations.sh with RELEASE_CLAIM=true, which
 * only releases the project's claim on its database (the data stays), so
 * that another project, or this one recreated, may use it. Run when the
 * project is deleted, before the objects it needs go.
 */
export function buildClaimReleaseJob(
  project: ProjectObjectInput,
  owner: AnchorRef,
  options: RunnerOptions,
): V1Job {
  return runnerJob(project, owner, options, {
    name: objectNames(project.name).claimRelease,
    component: 'claim-release',
    annotations: {},
    backoffLimit: CLAIM_RELEASE_BACKOFF_LIMIT,
    env: [
      ...connectionEnv(project, options),
      { name: 'RELEASE_CLAIM', value: 'true' },
    ],
    volumes: [],
    mounts: [],
  });
}

/** What the Jobs that run run-migrations.sh take besides the project. */
export interface RunnerOptions {
  image?: string;
  waitSeconds?: number;
  /**
   * On a server: the server Secret's `database`, where the database is
   * created from (default `postgres`).
   */
  maintenanceDatabase?: string;
}

/**
 * libpq's connection, the claimant and, on a server, the database to
 * create: what every run of run-migrations.sh needs.
 */
function connectionEnv(
  project: ProjectObjectInput,
  options: RunnerOptions,
): V1EnvVar[] {
  const fromDb = (name: string, key: string) =>
    databaseEnvVar(project, name, key);
  const onServer = databaseSecretOf(project.spec.database).kind === 'server';
  return [
    fromDb('PGHOST', 'host'),
    fromDb('PGPORT', 'port'),
    onServer
      ? {
          name: 'PGDATABASE',
          value: options.maintenanceDatabase || DEFAULT_MAINTENANCE_DATABASE,
        }
      : fromDb('PGDATABASE', 'database'),
    fromDb('PGUSER', 'username'),
    fromDb('PGPASSWORD', 'password'),
    { name: 'PGSSLMODE', value: project.spec.database.sslMode ?? 'require' },
    { name: 'PROJECT_CLAIMANT', value: stringifyProjectRef(project) },
    ...(onServer
      ? [{ name: 'CREATE_DATABASE', value: projectDatabaseName(project) }]
      : []),
    { name: 'DB_WAIT_SECONDS', value: String(options.waitSeconds ?? 60) },
  ];
}

/**
 * Errors the script reports as permanent (exit 3: rejected credentials, a
 * claimed database, missing privileges) fail the Job at once instead of
 * after every retry; a pod evicted or preempted does not count.
 */
export const DB_INIT_POD_FAILURE_POLICY: V1PodFailurePolicy = {
  rules: [
    {
      action: 'FailJob',
      onExitCodes: {
        containerName: DB_INIT_CONTAINER,
        operator: 'In',
        values: [DB_INIT_PERMANENT_EXIT_CODE],
      },
    },
    {
      action: 'Ignore',
      onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }],
    },
  ],
};

/** The PostgreSQL major the project declares for its server. */
function postgresMajorOf(project: ProjectObjectInput): number {
  return project.spec.database.majorVersion ?? DEFAULT_POSTGRES_MAJOR;
}

/** A Job running run-migrations.sh from the `<project>-db-init` ConfigMap. */
function runnerJob(
  project: ProjectObjectInput,
  owner: AnchorRef,
  options: RunnerOptions,
  job: {
    name: string;
    component: string;
    /** More labels of the Job itself (its pods keep the standard ones). */
    labels?: Record<string, string>;
    annotations: Record<string, string>;
    backoffLimit: number;
    env: V1EnvVar[];
    volumes: V1Volume[];
    mounts: V1VolumeMount[];
  },
): V1Job {
  const labels = standardLabels(project.name, job.component);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: job.name,
      namespace: project.namespace,
      labels: { ...labels, ...job.labels },
      annotations: job.annotations,
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: {
      backoffLimit: job.backoffLimit,
      podFailurePolicy: DB_INIT_POD_FAILURE_POLICY,
      ttlSecondsAfterFinished: DB_INIT_TTL_SECONDS,
      template: {
        metadata: { labels },
        spec: {
          // Never: each attempt is its own pod with its own log (and
          // podFailurePolicy requires it).
          restartPolicy: 'Never',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: POSTGRES_UID,
            runAsGroup: POSTGRES_UID,
          },
          containers: [
            {
              name: DB_INIT_CONTAINER,
              image:
                project.spec.dbInit?.image ??
                dbInitImage(options.image, postgresMajorOf(project)),
              command: ['sh', `${SCRIPTS_PATH}run-migrations.sh`],
              env: job.env,
              volumeMounts: [
                { name: 'scripts', mountPath: SCRIPTS_PATH, readOnly: true },
                ...job.mounts,
              ],
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
          volumes: [
            {
              name: 'scripts',
              configMap: {
                name: objectNames(project.name).dbInit,
                defaultMode: 0o444,
              },
            },
            ...job.volumes,
          ],
        },
      },
    },
  };
}
