import { SupabaseComponentName } from './components';
import { AuthOAuthProvider } from './specLimits';
import { ProjectPhase } from './phases';

/** Overrides for one component's Deployment. @public */
export interface ComponentOverrides {
  image?: string;
  /** 0 to 10. */
  replicas?: number;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  /** Extra environment variables (plain values; never secrets). */
  env?: Record<string, string>;
}

/** libpq sslmode values. @public */
export type DatabaseSslMode =
  | 'disable'
  | 'allow'
  | 'prefer'
  | 'require'
  | 'verify-ca'
  | 'verify-full';

/** The PostgreSQL majors the SQL set supports. @public */
export const POSTGRES_MAJOR_VERSIONS = [15, 17] as const;

/** A PostgreSQL major the SQL set supports. @public */
export type PostgresMajorVersion = (typeof POSTGRES_MAJOR_VERSIONS)[number];

/**
 * Where a project's data lives. Exactly one of `secretRef` (an existing
 * database) and `serverSecretRef` (a server on which the plugin creates the
 * project's own database) is set. @public
 */
export interface DatabaseSpec {
  /**
   * An existing database: a Secret in the project's namespace with `host`,
   * `port`, `database`, `username`, `password`.
   */
  secretRef?: string;
  /**
   * A PostgreSQL server: a Secret in the project's namespace with `host`,
   * `port`, `username`, `password` of a login with CREATEDB and CREATEROLE,
   * and optionally `database` (the maintenance database, default
   * `postgres`). The plugin creates the project's own database on it, named
   * by projectDatabaseName.
   */
  serverSecretRef?: string;
  sslMode?: DatabaseSslMode;
  maxConnections?: number;
  /**
   * The server's PostgreSQL major version (15 or 17; default 15). The
   * db-init Job runs the psql of the same major (`postgres:<major>-alpine`),
   * and warns when the server runs another.
   */
  majorVersion?: PostgresMajorVersion;
}

/** What a project is asked to be. @public */
export interface ProjectSpec {
  /**
   * The name of the cluster the project is on, one of those the backend is
   * configured with (`kubernetes.clusterLocatorMethods`); the first
   * configured when omitted at creation, and stored. A project cannot move.
   */
  cluster?: string;
  database: DatabaseSpec;
  /**
   * Secret with `endpoint`, `region`, `bucket`, `accessKeyId`,
   * `secretAccessKey`. Without it the storage component is not deployed.
   */
  storage?: { secretRef: string };
  auth?: {
    /** Where users land after signing in (GoTrue's site URL); default Studio. */
    siteUrl?: string;
    /**
     * Secret with `host`, `port`, `username`, `password` and `senderEmail`
     * for sign-up and password-reset emails.
     */
    smtpSecretRef?: string;
    /** OAuth providers to enable, each with a Secret with `clientId` and `clientSecret`. */
    oauthProviders?: Partial<Record<AuthOAuthProvider, { secretRef: string }>>;
  };
  /** Publishes the API gateway through an Ingress on this host. */
  ingress?: {
    host: string;
    /** The IngressClass; the cluster's default when omitted. */
    className?: string;
    /** Annotations for the ingress controller (e.g. cert-manager's). */
    annotations?: Record<string, string>;
    /** A `kubernetes.io/tls` Secret with `tls.crt` and `tls.key`: HTTPS. */
    tlsSecretRef?: string;
  };
  jwt?: {
    /** Lifetime of user tokens in seconds; default 3600. */
    expirySeconds?: number;
  };
  /**
   * The API keys. Every project has a publishable and a secret key
   * (`sb_publishable_…`, `sb_secret_…`) and an ES256 signing key for Auth.
   */
  apiKeys?: {
    /**
     * The legacy `anon` and `service_role` keys (HS256 JWTs signed with the
     * JWT secret) are accepted too. Unset means on, as for every project from
     * before the new keys; a new project is created with `false` unless it
     * asks for them.
     */
    legacy?: boolean;
  };
  dbInit?: {
    /**
     * The db-init Job's image; default `postgres:<database.majorVersion>-alpine`.
     */
    image?: string;
    /** Stop at the first SQL error instead of continuing (`ON_ERROR_STOP=1`). */
    strict?: boolean;
    /** A ConfigMap in the namespace whose `.sql` files run after the set. */
    customSqlConfigMap?: string;
    /**
     * Hold back SQL upgrades of a Running project: a changed SQL set (or
     * custom scripts) is reported as a warning instead of being applied.
     */
    holdUpgrades?: boolean;
  };
  /**
   * Edge functions (`supabase/edge-runtime`), off by default. When enabled,
   * Kong routes `/functions/v1/<name>` to them; `components.functions`
   * overrides the Deployment as for any component.
   */
  functions?: {
    enabled: boolean;
    /**
     * A ConfigMap in the namespace with one `<name>.ts` key per function;
     * without it a `hello` function is deployed.
     */
    configMapRef?: string;
  };
  studio?: {
    /** Where Studio is reached from outside (through Kong); its endpoint. */
    publicUrl?: string;
    /**
     * Secret with `username` and `password` for the dashboard's basic auth
     * in Kong; generated credentials (in `<project>-jwt`) without it.
     */
    basicAuthSecretRef?: string;
  };
  components?: Partial<Record<SupabaseComponentName, ComponentOverrides>>;
  /**
   * The catalog entity's `spec.lifecycle` (experimental, production, ...);
   * without it, the catalog module's configured default (`experimental`).
   */
  lifecycle?: string;
}

/** Public URLs of a Running project. @public */
export interface ProjectEndpoints {
  api?: string;
  studio?: string;
  auth?: string;
  rest?: string;
  realtime?: string;
  storage?: string;
  /** Edge functions, when enabled. */
  functions?: string;
}

/** How one component is doing on the cluster. @public */
export interface ComponentStatus {
  name: SupabaseComponentName;
  image: string;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  state: 'Available' | 'Progressing' | 'Unavailable' | 'Disabled';
  /** Pods that the local cluster simulates rather than runs. */
  simulated?: boolean;
  message?: string;
}

/** Something the platform team should fix, with the fix. @public */
export interface ProjectWarning {
  code: string;
  message: string;
}

/** The PostgreSQL database a project lives in. @public */
export interface ProjectDatabase {
  /**
   * The database's name: derived from namespace and name when the plugin
   * creates it; for an existing database, what its Secret named at the last
   * successful db-init run (unknown before).
   */
  name?: string;
  /** True when the plugin creates it (`spec.database.serverSecretRef`). */
  createdByPlugin: boolean;
}

/** A project as the REST API returns it. Never contains secret values. @public */
export interface SupabaseProject {
  namespace: string;
  name: string;
  /** Stable id assigned on creation. */
  uid: string;
  spec: ProjectSpec;
  phase: ProjectPhase;
  /** Why the project is in its phase; for Failed, what went wrong. */
  message?: string;
  reason?: string;
  /** Bumped on every spec change. */
  generation: number;
  /** The generation the cluster reflects. */
  observedGeneration?: number;
  /**
   * Entity ref of the owner, usually a Group (`group:default/team-a`); the
   * creating user unless one was chosen.
   */
  owner?: string;
  createdAt: string;
  updatedAt: string;
  phaseChangedAt: string;
  endpoints?: ProjectEndpoints;
  /**
   * The anon key: public by design (it is what browsers send). Only while
   * the legacy keys are on (`spec.apiKeys.legacy`).
   */
  anonKey?: string;
  /** The publishable key (`sb_publishable_…`): public by design, like anonKey. */
  publishableKey?: string;
  components?: ComponentStatus[];
  warnings?: ProjectWarning[];
  /** The project's database. */
  database?: ProjectDatabase;
}

/** One entry on a project's timeline. @public */
export interface ProjectEvent {
  id: number;
  phase: ProjectPhase;
  reason: string;
  message: string;
  createdAt: string;
}
