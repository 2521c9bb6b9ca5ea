import { Config } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { ClusterList, readClusters } from './clusterConfig';

/** The plugin's settings, read once from `supabase.*`. */
export interface SupabaseConfig {
  /** The clusters projects can be on, the default first. */
  clusters: ClusterList;
  dbInitImage?: string;
  dbInitWaitSeconds: number;
  /** db-init Jobs started at a time per database server (0023). */
  dbInitMaxConcurrentRunsPerServer: number;
  componentTimeoutMs: number;
  resyncInterval: HumanDuration;
  watch: boolean;
  leaseMs: number;
  /**
   * Keys the generated key material is encrypted with in the store: the
   * first encrypts, any of them decrypts (docs/decisions/0011).
   */
  secretsEncryptionKeys: string[];
}

const ENCRYPTION_KEY = 'supabase.secretsEncryptionKey';
const MIN_ENCRYPTION_KEY_LENGTH = 32;

/** Reads and checks `supabase.*`, naming the key at fault. */
export function readSupabaseConfig(root: Config): SupabaseConfig {
  const config = root.getOptionalConfig('supabase');
  return {
    clusters: readClusters(root),
    secretsEncryptionKeys: readEncryptionKeys(config),
    dbInitImage: config?.getOptionalString('dbInit.image'),
    dbInitWaitSeconds: config?.getOptionalNumber('dbInit.waitSeconds') ?? 60,
    dbInitMaxConcurrentRunsPerServer: readMaxConcurrentRunsPerServer(config),
    componentTimeoutMs:
      (config?.getOptionalNumber('componentTimeoutSeconds') ?? 600) * 1000,
    resyncInterval: {
      seconds: config?.getOptionalNumber('resyncIntervalSeconds') ?? 30,
    },
    watch: config?.getOptionalBoolean('watch') ?? true,
    leaseMs: (config?.getOptionalNumber('leaseSeconds') ?? 30) * 1000,
  };
}

const MAX_RUNS_PER_SERVER_KEY = 'dbInit.maxConcurrentRunsPerServer';
/**
 * Runs on one server take turns anyway, and each running Job holds a
 * connection while it waits: a few keep the next turn ready without
 * crowding a server of 100 connections.
 */
export const DEFAULT_MAX_CONCURRENT_DB_INIT_RUNS_PER_SERVER = 4;

/** `supabase.dbInit.maxConcurrentRunsPerServer`: a whole number ≥ 1. */
function readMaxConcurrentRunsPerServer(config: Config | undefined): number {
  const value = config?.getOptionalNumber(MAX_RUNS_PER_SERVER_KEY);
  if (value === undefined)
    return DEFAULT_MAX_CONCURRENT_DB_INIT_RUNS_PER_SERVER;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `supabase.${MAX_RUNS_PER_SERVER_KEY} must be a whole number of at least 1 (db-init Jobs started at a time per database server); got ${value}`,
    );
  }
  return value;
}

/** `supabase.secretsEncryptionKey`: one key or a list, newest first. */
function readEncryptionKeys(config: Config | undefined): string[] {
  const value = config?.getOptional('secretsEncryptionKey');
  if (value === undefined) {
    throw new Error(
      `${ENCRYPTION_KEY} is required: the projects' generated keys are kept encrypted with it. Set it to a random string of at least ${MIN_ENCRYPTION_KEY_LENGTH} characters (e.g. the output of \`openssl rand -base64 32\`), or a list of such strings, newest first`,
    );
  }
  const keys = Array.isArray(value) ? value : [value];
  if (
    keys.length === 0 ||
    keys.some(
      key => typeof key !== 'string' || key.length < MIN_ENCRYPTION_KEY_LENGTH,
    )
  ) {
    throw new Error(
      `${ENCRYPTION_KEY} must be a string of at least ${MIN_ENCRYPTION_KEY_LENGTH} characters, or a non-empty list of such strings, newest first`,
    );
  }
  return keys as string[];
}
