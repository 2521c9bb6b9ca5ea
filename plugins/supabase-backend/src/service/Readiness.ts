/** One dependency the plugin cannot serve without. */
export interface ReadinessCheck {
  /** Its name in the health report: `store`, `cluster:<name>`. */
  name: string;
  /**
   * Checks of one group stand in for each other: the replica serves while
   * any of them answers (each cluster serves its own projects), and is
   * `degraded` while some do not. A check without a group is required.
   */
  group?: string;
  /** Resolves when it answers; rejects when it does not. */
  check(): Promise<void>;
}

/** The state of one check, as `/health` reports it. */
export type CheckState = {
  status: 'ok' | 'unavailable';
  /** Why not; one line, naming no host (the route is public). */
  message?: string;
};

/** What `/health` answers. */
export type ReadinessReport = {
  /** `degraded`: some checks of a group fail, yet the replica serves. */
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, CheckState>;
};

const DEFAULT_TIMEOUT_MS = 3_000;
/**
 * A load balancer asks every few seconds: answers are reused this long, so
 * that probes cost the store and the API server next to nothing.
 */
const DEFAULT_REUSE_MS = 2_000;

/**
 * Whether this replica can serve: every check answered in time. Failures
 * are logged where they happen; the report only names them.
 */
export class Readiness {
  private last?: { at: number; report: Promise<ReadinessReport> };

  constructor(
    private readonly checks: ReadinessCheck[],
    private readonly options: {
      timeoutMs?: number;
      reuseMs?: number;
      onFailure?: (name: string, error: unknown) => void;
    } = {},
  ) {}

  report(): Promise<ReadinessReport> {
    const now = Date.now();
    const reuseMs = this.options.reuseMs ?? DEFAULT_REUSE_MS;
    if (!this.last || now - this.last.at >= reuseMs) {
      this.last = { at: now, report: this.run() };
    }
    return this.last.report;
  }

  private async run(): Promise<ReadinessReport> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const states = await Promise.all(
      this.checks.map(
        async ({ name, check }): Promise<[string, CheckState]> => {
          let timer: NodeJS.Timeout | undefined;
          try {
            await Promise.race([
              check(),
              new Promise((_, reject) => {
                timer = setTimeout(
                  () => reject(new Error(`no answer within ${timeoutMs} ms`)),
                  timeoutMs,
                );
              }),
            ]);
            return [name, { status: 'ok' }];
          } catch (error) {
            this.options.onFailure?.(name, error);
            return [
              name,
              {
                status: 'unavailable',
                message: `${name} is not reachable`,
              },
            ];
          } finally {
            clearTimeout(timer);
          }
        },
      ),
    );
    const checks = Object.fromEntries(states);
    const failed = (check: ReadinessCheck) =>
      checks[check.name].status !== 'ok';
    const groups = new Set(this.checks.map(c => c.group));
    const unavailable = [...groups].some(group => {
      const members = this.checks.filter(c => c.group === group);
      return group === undefined ? members.some(failed) : members.every(failed);
    });
    let status: ReadinessReport['status'] = 'ok';
    if (unavailable) status = 'unavailable';
    else if (this.checks.some(failed)) status = 'degraded';
    return { status, checks };
  }
}
