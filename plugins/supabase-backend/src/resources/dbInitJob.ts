import type {
  V1EnvVar,
  V1Job,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
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
const SCRIPTS_PATH = '/scripts/';
const CUSTOM_SQL_PATH = '/custom/';
/** The postgres user of the alpine image. */
const POSTGRES_UID = 70;

/**
 * Job `<project>-db-init`: runs `sh /scripts/run-migrations.sh` in
 * `postgres:<major>-alpine` against the user's database. Every credential comes
 * from a Secret by `secretKeyRef`, never as a value in the Job; psql reads
 * them from libpq environment variables, never from a URL or command line.
 */
export function buildDbInitJob(
  project: ProjectObjectInput,
  owner: AnchorRef,
  options: {
    runId: number;
    sqlVersion: string;
    image?: string;
    waitSeconds?: number;
    /** SQL files to apply again although recorded (after a rotation). */
    reapply?: string[];
    /**
     * The fingerprint of the role passwords in the `<project>-db-init`
     * Secret, with which 01-roles.sql claims the server's roles, and that of
     * the passwords the project set before (a prefix is enough): a claim
     * made with those may move (see 01-roles.sql).
     */
    roles: { version: string; previousVersion?: string };
  },
): V1Job {
  const names = objectNames(project.name);
  const dbSecret = project.spec.database.secretRef;
  const fromDb = (name: string, key: string): V1EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: dbSecret, key } },
  });
  const custom = project.spec.dbInit?.customSqlConfigMap;
  const major = project.spec.database.majorVersion ?? DEFAULT_POSTGRES_MAJOR;
  const env: V1EnvVar[] = [
    fromDb('PGHOST', 'host'),
    fromDb('PGPORT', 'port'),
    fromDb('PGDATABASE', 'database'),
    fromDb('PGUSER', 'username'),
    fromDb('PGPASSWORD', 'password'),
    { name: 'PGSSLMODE', value: project.spec.database.sslMode ?? 'require' },
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
    {
      name: 'ROLES_CLAIMANT',
      value: `${project.namespace}/${project.name}`,
    },
    {
      name: 'ROLES_PREVIOUS_VERSION',
      value: options.roles.previousVersion ?? '',
    },
    { name: 'DECLARED_MAJOR', value: String(major) },
    { name: 'STRICT', value: project.spec.dbInit?.strict ? 'true' : 'false' },
    { name: 'DB_WAIT_SECONDS', value: String(options.waitSeconds ?? 60) },
    ...(options.reapply?.length
      ? [{ name: 'REAPPLY', value: options.reapply.join(' ') }]
      : []),
  ];
  const volumes: V1Volume[] = [
    {
      name: 'scripts',
      configMap: { name: names.dbInit, defaultMode: 0o444 },
    },
  ];
  const mounts: V1VolumeMount[] = [
    { name: 'scripts', mountPath: SCRIPTS_PATH, readOnly: true },
  ];
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
  const labels = standardLabels(project.name, 'db-init');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: names.dbInit,
      namespace: project.namespace,
      labels,
      annotations: {
        [DB_INIT_RUN_ANNOTATION]: String(options.runId),
        [SQL_VERSION_ANNOTATION]: options.sqlVersion,
      },
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: {
      backoffLimit: DB_INIT_BACKOFF_LIMIT,
      ttlSecondsAfterFinished: DB_INIT_TTL_SECONDS,
      template: {
        metadata: { labels },
        spec: {
          // Never: each attempt is its own pod with its own log.
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
                project.spec.dbInit?.image ?? dbInitImage(options.image, major),
              command: ['sh', `${SCRIPTS_PATH}run-migrations.sh`],
              env,
              volumeMounts: mounts,
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
          volumes,
        },
      },
    },
  };
}
