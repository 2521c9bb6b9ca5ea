import type {
  V1EnvVar,
  V1Probe,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { SupabaseComponentName } from '@supabase-backstage/plugin-supabase-common';
import {
  FUNCTIONS_COMMAND,
  FUNCTIONS_HEALTH_PATH,
  FUNCTIONS_PORT,
  functionsEnabled,
  functionsVolumes,
} from './functions';
import { KONG_KEY_EXPRESSIONS, KONG_KEY_VARIABLES } from './kongKeyTranslation';
import { objectNames } from './objectNames';
import { JWT_SECRET_KEYS, ROLES_SECRET_KEYS } from './secrets';
import { ProjectObjectInput } from './types';

/** What a component needs to know to build its environment. */
export interface ComponentContext {
  project: ProjectObjectInput;
  names: ReturnType<typeof objectNames>;
  /** In-cluster base URL of another component's Service. */
  url(component: SupabaseComponentName): string;
  /** An env var from the project's generated keys. */
  key(name: string, key: keyof typeof JWT_SECRET_KEYS): V1EnvVar;
  /** An env var from the project's roles Secret (database URLs, role passwords). */
  roles(name: string, key: keyof typeof ROLES_SECRET_KEYS): V1EnvVar;
  /** An env var with the project's database (see databaseEnvVar). */
  database(name: string, key: string): V1EnvVar;
  /** An env var from the storage Secret. */
  storage(name: string, key: string): V1EnvVar;
  /** An env var from any other Secret of the user's, by name. */
  secret(name: string, secretRef: string, key: string): V1EnvVar;
}

/**
 * The upstream self-hosted release the images and settings below mirror
 * (`supabase/supabase`, `docker/`); docs/components.md lists them.
 */
export const UPSTREAM_RELEASE = {
  name: 'self-hosted v0.6.0',
  date: '2026-06-17',
} as const;

/** The Secrets of a project that a component's variables come from. */
export type EnvSecret = 'jwt' | 'roles' | 'database' | 'storage';

/**
 * Where a variable of a component comes from: a plain value, or a key of one
 * of the project's Secrets (never a value).
 */
export type EnvSource = 'value' | { secret: EnvSecret; key: string };

/** One Supabase service: how to run it and how to tell it is healthy. */
export interface ComponentDefinition {
  name: SupabaseComponentName;
  /** The pinned image, as upstream's release deploys it. */
  image: string;
  port: number;
  /**
   * The environment the pinned version requires, by name and source, for a
   * project without optional settings (SMTP, OAuth providers, a dashboard
   * Secret of the user's, extra env). `env` must build exactly this; a
   * test holds every Deployment to it.
   */
  envContract: Record<string, EnvSource>;
  /** Deployed only when this holds (storage needs a storage Secret). */
  enabled?(project: Pick<ProjectObjectInput, 'spec'>): boolean;
  /** Why it is not deployed when `enabled` says no, with how to turn it on. */
  disabledBecause?: string;
  env(ctx: ComponentContext): V1EnvVar[];
  /**
   * The variable that caps the component's database pool, per replica:
   * `spec.database.maxConnections` is split over these (databasePools.ts).
   */
  poolSizeEnv?: string;
  readinessProbe: V1Probe;
  command?: string[];
  /** The pod's volumes and where the container mounts them. */
  volumes?(project: ProjectObjectInput): {
    volumes: V1Volume[];
    mounts: V1VolumeMount[];
  };
}

const http = (path: string, port: number): V1Probe => ({
  httpGet: { path, port },
  periodSeconds: 5,
  failureThreshold: 6,
});
const tcp = (port: number): V1Probe => ({
  tcpSocket: { port },
  periodSeconds: 5,
  failureThreshold: 6,
});
const plain = (name: string, value: string): V1EnvVar => ({ name, value });
const jwt = (key: keyof typeof JWT_SECRET_KEYS): EnvSource => ({
  secret: 'jwt',
  key,
});
const roles = (key: keyof typeof ROLES_SECRET_KEYS): EnvSource => ({
  secret: 'roles',
  key,
});
const database = (key: string): EnvSource => ({ secret: 'database', key });
const storage = (key: string): EnvSource => ({ secret: 'storage', key });

/** The schemas PostgREST serves, and that Studio shows as the Data API. */
const REST_SCHEMAS = 'public,storage,graphql_public';
const REST_MAX_ROWS = '1000';
const REST_EXTRA_SEARCH_PATH = 'public';

/** Where Kong 3 may write: its prefix, not the home folder of 2.x. */
const KONG_CONFIG = '/usr/local/kong/kong.json';

/**
 * Kong's start: the placeholders of the declarative config are replaced
 * with the values from the environment. Each value is escaped for a JSON
 * string and then for sed's replacement text, so a password from a user's
 * Secret may hold any printable characters (`"`, `\`, `&`, `|`, ...); `t`
 * ends each line after its placeholder, so no value is read as another's.
 * The Lua expressions that translate the publishable and secret keys
 * (KONG_KEY_EXPRESSIONS) are made here from the keys first, so that each
 * line of the config holds one placeholder.
 */
export const KONG_START = [
  'set -e',
  String.raw`esc() { printf '%s' "$1" | LC_ALL=C sed -e 's/[\\"]/\\&/g' -e 's/[\\&|]/\\&/g'; }`,
  ...Object.entries(KONG_KEY_EXPRESSIONS).map(
    ([name, { format, args }]) =>
      `${name}=$(printf '${format}' ${args.map(a => `"$${a}"`).join(' ')})`,
  ),
  [
    'sed',
    ...[
      ...KONG_KEY_VARIABLES,
      'DASHBOARD_USERNAME',
      'DASHBOARD_PASSWORD',
      ...Object.keys(KONG_KEY_EXPRESSIONS),
    ].map(name => `-e "s|__${name}__|$(esc "$${name}")|g" -e t`),
    `/config/kong.json > ${KONG_CONFIG}`,
  ].join(' '),
  // Kong 3's images start through /entrypoint.sh (2.x: /docker-entrypoint.sh).
  'exec /entrypoint.sh kong docker-start',
].join('\n');

/**
 * The components, with images and settings after upstream's self-hosting
 * docker-compose. Every credential is a `secretKeyRef`; each component uses
 * the database role upstream gives it.
 */
export const COMPONENT_DEFINITIONS: ComponentDefinition[] = [
  {
    name: 'kong',
    image: 'kong/kong:3.9.1',
    port: 8000,
    envContract: {
      KONG_DATABASE: 'value',
      KONG_DECLARATIVE_CONFIG: 'value',
      KONG_DNS_ORDER: 'value',
      KONG_DNS_NOT_FOUND_TTL: 'value',
      KONG_PLUGINS: 'value',
      KONG_NGINX_PROXY_PROXY_BUFFER_SIZE: 'value',
      KONG_NGINX_PROXY_PROXY_BUFFERS: 'value',
      KONG_PROXY_ACCESS_LOG: 'value',
      SUPABASE_ANON_KEY: jwt('anonKey'),
      SUPABASE_SERVICE_KEY: jwt('serviceKey'),
      SUPABASE_PUBLISHABLE_KEY: jwt('publishableKey'),
      SUPABASE_SECRET_KEY: jwt('secretKey'),
      ANON_KEY_ASYMMETRIC: jwt('anonKeyAsymmetric'),
      SERVICE_ROLE_KEY_ASYMMETRIC: jwt('serviceKeyAsymmetric'),
      DASHBOARD_USERNAME: jwt('dashboardUsername'),
      DASHBOARD_PASSWORD: jwt('dashboardPassword'),
    },
    env: ctx => [
      plain('KONG_DATABASE', 'off'),
      plain('KONG_DECLARATIVE_CONFIG', KONG_CONFIG),
      plain('KONG_DNS_ORDER', 'LAST,A,CNAME'),
      // Services come and go with their pods: a failed lookup is retried soon.
      plain('KONG_DNS_NOT_FOUND_TTL', '1'),
      plain(
        'KONG_PLUGINS',
        'request-transformer,cors,key-auth,acl,basic-auth,request-termination,ip-restriction,post-function',
      ),
      plain('KONG_NGINX_PROXY_PROXY_BUFFER_SIZE', '160k'),
      plain('KONG_NGINX_PROXY_PROXY_BUFFERS', '64 160k'),
      plain('KONG_PROXY_ACCESS_LOG', '/dev/stdout combined'),
      // The legacy keys are in the config only while they are on.
      ctx.key('SUPABASE_ANON_KEY', 'anonKey'),
      ctx.key('SUPABASE_SERVICE_KEY', 'serviceKey'),
      ctx.key('SUPABASE_PUBLISHABLE_KEY', 'publishableKey'),
      ctx.key('SUPABASE_SECRET_KEY', 'secretKey'),
      // What it passes on for them: never for clients' hands.
      ctx.key('ANON_KEY_ASYMMETRIC', 'anonKeyAsymmetric'),
      ctx.key('SERVICE_ROLE_KEY_ASYMMETRIC', 'serviceKeyAsymmetric'),
      ...dashboardCredentialsEnv(ctx),
    ],
    // The declarative config holds placeholders for the keys; they are
    // filled in from the environment when the container starts, so the keys
    // live only in Secrets.
    command: ['sh', '-c', KONG_START],
    volumes: project => ({
      volumes: [
        {
          name: 'config',
          configMap: { name: objectNames(project.name).component('kong') },
        },
      ],
      mounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
    }),
    readinessProbe: tcp(8000),
  },
  {
    name: 'auth',
    image: 'supabase/gotrue:v2.189.0',
    port: 9999,
    envContract: {
      GOTRUE_API_HOST: 'value',
      GOTRUE_API_PORT: 'value',
      API_EXTERNAL_URL: 'value',
      GOTRUE_DB_DRIVER: 'value',
      GOTRUE_DB_DATABASE_URL: roles('authDatabaseUrl'),
      GOTRUE_SITE_URL: 'value',
      GOTRUE_DISABLE_SIGNUP: 'value',
      GOTRUE_JWT_ADMIN_ROLES: 'value',
      GOTRUE_JWT_AUD: 'value',
      GOTRUE_JWT_DEFAULT_GROUP_NAME: 'value',
      GOTRUE_JWT_EXP: 'value',
      GOTRUE_JWT_SECRET: jwt('componentJwtSecret'),
      GOTRUE_JWT_KEYS: jwt('authJwtKeys'),
      GOTRUE_JWT_ISSUER: 'value',
      GOTRUE_EXTERNAL_EMAIL_ENABLED: 'value',
      GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED: 'value',
      GOTRUE_MAILER_AUTOCONFIRM: 'value',
    },
    env: ctx => [
      plain('GOTRUE_API_HOST', '0.0.0.0'),
      plain('GOTRUE_API_PORT', '9999'),
      plain('API_EXTERNAL_URL', ctx.url('kong')),
      plain('GOTRUE_DB_DRIVER', 'postgres'),
      ctx.roles('GOTRUE_DB_DATABASE_URL', 'authDatabaseUrl'),
      plain(
        'GOTRUE_SITE_URL',
        ctx.project.spec.auth?.siteUrl ??
          ctx.project.spec.studio?.publicUrl ??
          ctx.url('studio'),
      ),
      plain('GOTRUE_DISABLE_SIGNUP', 'false'),
      plain('GOTRUE_JWT_ADMIN_ROLES', 'service_role'),
      plain('GOTRUE_JWT_AUD', 'authenticated'),
      plain('GOTRUE_JWT_DEFAULT_GROUP_NAME', 'authenticated'),
      plain(
        'GOTRUE_JWT_EXP',
        String(ctx.project.spec.jwt?.expirySeconds ?? 3600),
      ),
      ctx.key('GOTRUE_JWT_SECRET', 'componentJwtSecret'),
      // Auth signs with the current ES256 key (the one marked `sign`) and
      // verifies with every key of the list.
      ctx.key('GOTRUE_JWT_KEYS', 'authJwtKeys'),
      // Since Auth v2.189 tokens name their issuer, as on the platform.
      plain('GOTRUE_JWT_ISSUER', `${ctx.url('kong')}/auth/v1`),
      plain('GOTRUE_EXTERNAL_EMAIL_ENABLED', 'true'),
      plain('GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED', 'false'),
      plain('GOTRUE_MAILER_AUTOCONFIRM', 'false'),
      ...authMailEnv(ctx),
      ...authOAuthEnv(ctx),
    ],
    poolSizeEnv: 'GOTRUE_DB_MAX_POOL_SIZE',
    readinessProbe: http('/health', 9999),
  },
  {
    name: 'rest',
    image: 'postgrest/postgrest:v14.12',
    port: 3000,
    envContract: {
      PGRST_DB_URI: roles('restDatabaseUrl'),
      PGRST_DB_SCHEMAS: 'value',
      PGRST_DB_MAX_ROWS: 'value',
      PGRST_DB_EXTRA_SEARCH_PATH: 'value',
      PGRST_DB_ANON_ROLE: 'value',
      PGRST_JWT_SECRET: jwt('jwks'),
      PGRST_DB_USE_LEGACY_GUCS: 'value',
      PGRST_APP_SETTINGS_JWT_SECRET: jwt('componentJwtSecret'),
      PGRST_APP_SETTINGS_JWT_EXP: 'value',
    },
    env: ctx => [
      ctx.roles('PGRST_DB_URI', 'restDatabaseUrl'),
      plain('PGRST_DB_SCHEMAS', REST_SCHEMAS),
      // PostgREST 14 caps responses and finds extensions' functions as
      // upstream configures it; Studio's Data API page shows the same.
      plain('PGRST_DB_MAX_ROWS', REST_MAX_ROWS),
      plain('PGRST_DB_EXTRA_SEARCH_PATH', REST_EXTRA_SEARCH_PATH),
      plain('PGRST_DB_ANON_ROLE', 'anon'),
      // The JWKS, as upstream's `${JWT_JWKS:-${JWT_SECRET}}`: PostgREST reads
      // a JSON value as keys (PGRST_JWT_SECRET_IS_BASE64 stays unset).
      ctx.key('PGRST_JWT_SECRET', 'jwks'),
      plain('PGRST_DB_USE_LEGACY_GUCS', 'false'),
      ctx.key('PGRST_APP_SETTINGS_JWT_SECRET', 'componentJwtSecret'),
      plain(
        'PGRST_APP_SETTINGS_JWT_EXP',
        String(ctx.project.spec.jwt?.expirySeconds ?? 3600),
      ),
    ],
    poolSizeEnv: 'PGRST_DB_POOL',
    readinessProbe: http('/', 3000),
  },
  {
    name: 'realtime',
    image: 'supabase/realtime:v2.102.3',
    port: 4000,
    envContract: {
      PORT: 'value',
      DB_HOST: database('host'),
      DB_PORT: database('port'),
      DB_NAME: database('database'),
      DB_USER: 'value',
      DB_PASSWORD: roles('supabaseAdminPassword'),
      DB_AFTER_CONNECT_QUERY: 'value',
      DB_ENC_KEY: jwt('realtimeDbEncKey'),
      API_JWT_SECRET: jwt('componentJwtSecret'),
      API_JWT_JWKS: jwt('jwks'),
      METRICS_JWT_SECRET: jwt('componentJwtSecret'),
      SECRET_KEY_BASE: jwt('realtimeSecretKeyBase'),
      ERL_AFLAGS: 'value',
      DNS_NODES: 'value',
      RLIMIT_NOFILE: 'value',
      APP_NAME: 'value',
      SEED_SELF_HOST: 'value',
      RUN_JANITOR: 'value',
      DISABLE_HEALTHCHECK_LOGGING: 'value',
    },
    env: ctx => [
      plain('PORT', '4000'),
      ctx.database('DB_HOST', 'host'),
      ctx.database('DB_PORT', 'port'),
      ctx.database('DB_NAME', 'database'),
      plain('DB_USER', 'supabase_admin'),
      ctx.roles('DB_PASSWORD', 'supabaseAdminPassword'),
      plain('DB_AFTER_CONNECT_QUERY', 'SET search_path TO _realtime'),
      ctx.key('DB_ENC_KEY', 'realtimeDbEncKey'),
      ctx.key('API_JWT_SECRET', 'componentJwtSecret'),
      ctx.key('API_JWT_JWKS', 'jwks'),
      // Mandatory since Realtime v2.7x: it signs the /metrics tokens.
      ctx.key('METRICS_JWT_SECRET', 'componentJwtSecret'),
      ctx.key('SECRET_KEY_BASE', 'realtimeSecretKeyBase'),
      plain('ERL_AFLAGS', '-proto_dist inet_tcp'),
      plain('DNS_NODES', "''"),
      plain('RLIMIT_NOFILE', '10000'),
      plain('APP_NAME', 'realtime'),
      plain('SEED_SELF_HOST', 'true'),
      plain('RUN_JANITOR', 'true'),
      plain('DISABLE_HEALTHCHECK_LOGGING', 'true'),
    ],
    poolSizeEnv: 'DB_POOL_SIZE',
    readinessProbe: tcp(4000),
  },
  {
    name: 'storage',
    image: 'supabase/storage-api:v1.60.4',
    port: 5000,
    enabled: project => Boolean(project.spec.storage),
    disabledBecause:
      'Not deployed: the project has no storage Secret (spec.storage.secretRef)',
    envContract: {
      ANON_KEY: jwt('anonKeyAsymmetric'),
      SERVICE_KEY: jwt('serviceKeyAsymmetric'),
      POSTGREST_URL: 'value',
      AUTH_JWT_SECRET: jwt('componentJwtSecret'),
      JWT_JWKS: jwt('jwks'),
      DATABASE_URL: roles('storageDatabaseUrl'),
      STORAGE_PUBLIC_URL: 'value',
      REQUEST_ALLOW_X_FORWARDED_PATH: 'value',
      FILE_SIZE_LIMIT: 'value',
      STORAGE_BACKEND: 'value',
      GLOBAL_S3_BUCKET: storage('bucket'),
      GLOBAL_S3_ENDPOINT: storage('endpoint'),
      REGION: storage('region'),
      AWS_ACCESS_KEY_ID: storage('accessKeyId'),
      AWS_SECRET_ACCESS_KEY: storage('secretAccessKey'),
      GLOBAL_S3_FORCE_PATH_STYLE: 'value',
      TENANT_ID: 'value',
    },
    env: ctx => [
      // Storage calls PostgREST directly, not through Kong: it needs tokens
      // PostgREST verifies whether or not legacy keys are on.
      ctx.key('ANON_KEY', 'anonKeyAsymmetric'),
      ctx.key('SERVICE_KEY', 'serviceKeyAsymmetric'),
      plain('POSTGREST_URL', ctx.url('rest')),
      // Formerly PGRST_JWT_SECRET: upstream's 2026 configuration renamed it.
      ctx.key('AUTH_JWT_SECRET', 'componentJwtSecret'),
      ctx.key('JWT_JWKS', 'jwks'),
      ctx.roles('DATABASE_URL', 'storageDatabaseUrl'),
      // The URLs it signs point where clients reach it, through Kong.
      plain('STORAGE_PUBLIC_URL', publicApiUrl(ctx)),
      plain('REQUEST_ALLOW_X_FORWARDED_PATH', 'true'),
      plain('FILE_SIZE_LIMIT', '52428800'),
      plain('STORAGE_BACKEND', 's3'),
      ctx.storage('GLOBAL_S3_BUCKET', 'bucket'),
      ctx.storage('GLOBAL_S3_ENDPOINT', 'endpoint'),
      ctx.storage('REGION', 'region'),
      ctx.storage('AWS_ACCESS_KEY_ID', 'accessKeyId'),
      ctx.storage('AWS_SECRET_ACCESS_KEY', 'secretAccessKey'),
      plain('GLOBAL_S3_FORCE_PATH_STYLE', 'true'),
      plain('TENANT_ID', 'stub'),
    ],
    poolSizeEnv: 'DATABASE_MAX_CONNECTIONS',
    readinessProbe: http('/status', 5000),
  },
  {
    name: 'meta',
    image: 'supabase/postgres-meta:v0.96.6',
    port: 8080,
    envContract: {
      PG_META_PORT: 'value',
      PG_META_DB_HOST: database('host'),
      PG_META_DB_PORT: database('port'),
      PG_META_DB_NAME: database('database'),
      PG_META_DB_USER: 'value',
      PG_META_DB_PASSWORD: roles('supabaseAdminPassword'),
      PG_META_DB_SSL_MODE: 'value',
      CRYPTO_KEY: jwt('metaCryptoKey'),
    },
    env: ctx => [
      plain('PG_META_PORT', '8080'),
      ctx.database('PG_META_DB_HOST', 'host'),
      ctx.database('PG_META_DB_PORT', 'port'),
      ctx.database('PG_META_DB_NAME', 'database'),
      plain('PG_META_DB_USER', 'supabase_admin'),
      ctx.roles('PG_META_DB_PASSWORD', 'supabaseAdminPassword'),
      plain(
        'PG_META_DB_SSL_MODE',
        ctx.project.spec.database.sslMode ?? 'require',
      ),
      ctx.key('CRYPTO_KEY', 'metaCryptoKey'),
    ],
    readinessProbe: http('/health', 8080),
  },
  {
    name: 'studio',
    image: 'supabase/studio:2026.06.03-sha-0bca601',
    port: 3000,
    envContract: {
      HOSTNAME: 'value',
      STUDIO_PG_META_URL: 'value',
      POSTGRES_HOST: database('host'),
      POSTGRES_PORT: database('port'),
      POSTGRES_DB: database('database'),
      POSTGRES_PASSWORD: roles('supabaseAdminPassword'),
      PG_META_CRYPTO_KEY: jwt('metaCryptoKey'),
      PGRST_DB_SCHEMAS: 'value',
      PGRST_DB_MAX_ROWS: 'value',
      PGRST_DB_EXTRA_SEARCH_PATH: 'value',
      DEFAULT_ORGANIZATION_NAME: 'value',
      DEFAULT_PROJECT_NAME: 'value',
      SUPABASE_URL: 'value',
      SUPABASE_PUBLIC_URL: 'value',
      SUPABASE_ANON_KEY: jwt('clientAnonKey'),
      SUPABASE_SERVICE_KEY: jwt('clientServiceKey'),
      AUTH_JWT_SECRET: jwt('componentJwtSecret'),
      ENABLED_FEATURES_LOGS_ALL: 'value',
    },
    env: ctx => [
      // Listen on every IPv4 interface of the pod, as upstream binds it.
      plain('HOSTNAME', '0.0.0.0'),
      plain('STUDIO_PG_META_URL', ctx.url('meta')),
      // Studio reaches the database through meta as supabase_admin; it shows
      // the connection details of the project's database.
      ctx.database('POSTGRES_HOST', 'host'),
      ctx.database('POSTGRES_PORT', 'port'),
      ctx.database('POSTGRES_DB', 'database'),
      ctx.roles('POSTGRES_PASSWORD', 'supabaseAdminPassword'),
      // Meta's key, so that the connection strings Studio sends it decrypt.
      ctx.key('PG_META_CRYPTO_KEY', 'metaCryptoKey'),
      plain('PGRST_DB_SCHEMAS', REST_SCHEMAS),
      plain('PGRST_DB_MAX_ROWS', REST_MAX_ROWS),
      plain('PGRST_DB_EXTRA_SEARCH_PATH', REST_EXTRA_SEARCH_PATH),
      plain('DEFAULT_ORGANIZATION_NAME', ctx.project.namespace),
      plain('DEFAULT_PROJECT_NAME', ctx.project.name),
      plain('SUPABASE_URL', ctx.url('kong')),
      // Where browsers reach Studio and the API through Kong.
      plain('SUPABASE_PUBLIC_URL', publicApiUrl(ctx)),
      // Studio calls the API through Kong with keys Kong accepts.
      ctx.key('SUPABASE_ANON_KEY', 'clientAnonKey'),
      ctx.key('SUPABASE_SERVICE_KEY', 'clientServiceKey'),
      ctx.key('AUTH_JWT_SECRET', 'componentJwtSecret'),
      // No analytics (Logflare) is deployed: Studio hides its log pages.
      plain('ENABLED_FEATURES_LOGS_ALL', 'false'),
    ],
    readinessProbe: http('/api/platform/profile', 3000),
  },
  {
    name: 'functions',
    image: 'supabase/edge-runtime:v1.74.0',
    port: FUNCTIONS_PORT,
    enabled: functionsEnabled,
    disabledBecause:
      'Off: edge functions are enabled by spec.functions.enabled',
    envContract: {
      JWT_SECRET: jwt('componentJwtSecret'),
      SUPABASE_JWKS: jwt('jwks'),
      SUPABASE_URL: 'value',
      SUPABASE_PUBLIC_URL: 'value',
      SUPABASE_ANON_KEY: jwt('clientAnonKey'),
      SUPABASE_SERVICE_ROLE_KEY: jwt('clientServiceKey'),
      SUPABASE_DB_URL: roles('functionsDatabaseUrl'),
      VERIFY_JWT: 'value',
    },
    env: ctx => [
      ctx.key('JWT_SECRET', 'componentJwtSecret'),
      ctx.key('SUPABASE_JWKS', 'jwks'),
      plain('SUPABASE_URL', ctx.url('kong')),
      plain('SUPABASE_PUBLIC_URL', publicApiUrl(ctx)),
      // The platform's rule: the keys functions call the API with become
      // the publishable and secret keys once legacy keys are off.
      ctx.key('SUPABASE_ANON_KEY', 'clientAnonKey'),
      ctx.key('SUPABASE_SERVICE_ROLE_KEY', 'clientServiceKey'),
      ctx.roles('SUPABASE_DB_URL', 'functionsDatabaseUrl'),
      // Kong requires an API key already; `true` also requires a user's JWT.
      plain('VERIFY_JWT', 'false'),
    ],
    command: FUNCTIONS_COMMAND,
    volumes: functionsVolumes,
    readinessProbe: http(FUNCTIONS_HEALTH_PATH, FUNCTIONS_PORT),
  },
];

/** Where browsers reach the API (and Studio) through Kong. */
function publicApiUrl(ctx: ComponentContext): string {
  return ctx.project.spec.studio?.publicUrl ?? ctx.url('kong');
}

/**
 * The dashboard's basic-auth credentials: from the user's Secret when the
 * spec names one, else the generated ones in `<project>-jwt`.
 */
function dashboardCredentialsEnv(ctx: ComponentContext): V1EnvVar[] {
  const secret = ctx.project.spec.studio?.basicAuthSecretRef;
  if (secret) {
    return [
      ctx.secret('DASHBOARD_USERNAME', secret, 'username'),
      ctx.secret('DASHBOARD_PASSWORD', secret, 'password'),
    ];
  }
  return [
    ctx.key('DASHBOARD_USERNAME', 'dashboardUsername'),
    ctx.key('DASHBOARD_PASSWORD', 'dashboardPassword'),
  ];
}

/** Email sending for auth, from the user's SMTP Secret. */
function authMailEnv(ctx: ComponentContext): V1EnvVar[] {
  const secret = ctx.project.spec.auth?.smtpSecretRef;
  if (!secret) return [];
  return [
    ctx.secret('GOTRUE_SMTP_HOST', secret, 'host'),
    ctx.secret('GOTRUE_SMTP_PORT', secret, 'port'),
    ctx.secret('GOTRUE_SMTP_USER', secret, 'username'),
    ctx.secret('GOTRUE_SMTP_PASS', secret, 'password'),
    ctx.secret('GOTRUE_SMTP_ADMIN_EMAIL', secret, 'senderEmail'),
  ];
}

/** One block of GOTRUE_EXTERNAL_<PROVIDER>_* per enabled OAuth provider. */
function authOAuthEnv(ctx: ComponentContext): V1EnvVar[] {
  const providers = ctx.project.spec.auth?.oauthProviders ?? {};
  return Object.entries(providers)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([provider, { secretRef }]) => {
      const prefix = `GOTRUE_EXTERNAL_${provider.toUpperCase()}`;
      return [
        plain(`${prefix}_ENABLED`, 'true'),
        ctx.secret(`${prefix}_CLIENT_ID`, secretRef, 'clientId'),
        ctx.secret(`${prefix}_SECRET`, secretRef, 'clientSecret'),
        plain(`${prefix}_REDIRECT_URI`, `${ctx.url('kong')}/auth/v1/callback`),
      ];
    });
}

/**
 * The components a project runs: storage only with a storage Secret, edge
 * functions only when enabled.
 */
export function enabledComponents(
  project: Pick<ProjectObjectInput, 'spec'>,
): ComponentDefinition[] {
  return COMPONENT_DEFINITIONS.filter(c => c.enabled?.(project) ?? true);
}
