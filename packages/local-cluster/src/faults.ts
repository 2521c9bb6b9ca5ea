/**
 * Fault injection, a test setting: API errors, latency, dropped watches, and
 * simulated containers that crash or never become ready.
 */

/** @public */
export interface FaultConfig {
  /**
   * Fraction (0..1) of resource API requests answered with an error instead
   * of being served: 500 InternalError or 429 TooManyRequests (with
   * `Retry-After`), chosen at random. Nothing is changed by such a request.
   * Discovery, `/version` and OpenAPI are never failed.
   */
  errorRate?: number;
  /** Which errors `errorRate` produces; both by default. */
  errorCodes?: Array<429 | 500>;
  /**
   * Fraction (0..1) of successful writes (create, update, patch, delete)
   * answered with 504 Timeout *after* the change was made, as when a
   * response is lost: clients must cope with "it may have happened".
   */
  errorAfterWriteRate?: number;
  /** Delay added before every resource API request, in milliseconds. */
  latencyMs?: number;
  /** Watch connections are closed by the server after this many milliseconds. */
  dropWatchesAfterMs?: number;
  /** Simulated containers whose image matches one of these globs (`*` wildcard) crash. */
  failingImages?: string[];
  /** Pods of these Deployments (by name, or `namespace/name`) crash. */
  failingDeployments?: string[];
  /** Simulated containers whose image matches one of these globs never become ready. */
  unreadyImages?: string[];
  /** Pods of these Deployments (by name, or `namespace/name`) never become ready. */
  unreadyDeployments?: string[];
}

export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

export function nameMatches(
  list: string[] | undefined,
  namespace: string,
  name: string,
) {
  return (list ?? []).some(entry =>
    entry.includes('/') ? entry === `${namespace}/${name}` : entry === name,
  );
}

/** Decides whether a request is failed by fault injection. */
export function injectedErrorCode(
  faults: FaultConfig,
  random: () => number,
): 429 | 500 | undefined {
  const rate = faults.errorRate ?? 0;
  if (rate <= 0 || random() >= rate) return undefined;
  const codes = faults.errorCodes?.length ? faults.errorCodes : [500, 429];
  return codes[Math.floor(random() * codes.length)] as 429 | 500;
}
