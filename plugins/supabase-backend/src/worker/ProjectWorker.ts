import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { isClusterUnavailable } from '../kubernetes/clusterUnavailable';
import { ProjectClusters } from '../kubernetes/ProjectClusters';
import { hasWarning, setWarning } from '../pipeline/projectWarnings';
import { reconcileProject } from '../pipeline/reconcileProject';
import { PipelineContext } from '../pipeline/types';
import { KickLane, KickQueue } from './KickQueue';
import { ProjectChanges } from './ProjectChanges';

/** The warning a project shows while its cluster does not answer. */
export const CLUSTER_UNAVAILABLE_WARNING = 'ClusterUnavailable';

/** Settings of the worker. */
export interface ProjectWorkerOptions {
  /** The pipeline's context but the cluster, which is each project's own. */
  context: Omit<PipelineContext, 'cluster'>;
  clusters: ProjectClusters;
  changes: ProjectChanges;
  logger: LoggerService;
  /** How long a claim on a project lasts without being renewed. */
  leaseMs?: number;
  /** Projects reconciled at the same time by this replica. */
  concurrency?: number;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_CONCURRENCY = 8;
const ERROR_BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];
/** A claim is free once its end has passed; look just after it. */
const LEASE_EXPIRY_SLACK_MS = 20;
/**
 * Leases are looked at this often per lease length, so that every claim is
 * seen before it runs out, however briefly it was held.
 */
const LEASE_LOOKS_PER_LEASE = 3;

/**
 * Runs reconciliation for projects when something wakes them up: a watch
 * event, an API call, a timer a step asked for, or the periodic resync.
 * Work on a project is claimed by a lease in the store, so that among many
 * replicas only one works on a project at a time, and a crashed replica's
 * claim runs out and another takes over the moment it does: each replica
 * looks at the store's leases when it starts and every third of a lease,
 * and schedules a look at each other holder's lease expiry
 * (docs/decisions/0002).
 */
export class ProjectWorker {
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly store: ProjectStore;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly queue = new KickQueue();
  private readonly running = new Set<string>();
  /** Kicked while running: run again right after, in this lane. */
  private readonly dirty = new Map<string, KickLane>();
  private readonly timers = new Map<
    string,
    { timer: NodeJS.Timeout; at: number }
  >();
  private leaseLooks?: NodeJS.Timeout;
  private readonly failures = new Map<string, number>();
  private readonly idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: ProjectWorkerOptions) {
    this.store = options.context.store;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /**
   * Reconcile this project soon. Cheap; repeated kicks coalesce. Something
   * that happened (`event`, the default) goes ahead of the resync's `bulk`
   * pass (KickQueue). `first` puts it at the front: a project a dead
   * replica held has waited a whole lease already.
   */
  kick(uid: string, lane: KickLane = 'event', first = false): void {
    if (this.stopped) return;
    if (this.running.has(uid)) {
      if (lane === 'event' || !this.dirty.has(uid)) this.dirty.set(uid, lane);
      return;
    }
    // A timer would only kick it again; the kick answers it now.
    if (this.queue.add(uid, lane, first)) this.clearTimer(uid);
    this.pump();
  }

  /** Reconcile a project found by namespace and name (from a watch event). */
  async kickByName(namespace: string, name: string): Promise<void> {
    const project = await this.store.getProject({ namespace, name });
    if (project) this.kick(project.uid);
  }

  /**
   * The safety net: reconcile every project, behind whatever events wait.
   */
  async resync(): Promise<void> {
    for (const uid of await this.store.listProjectUids()) {
      this.kick(uid, 'bulk');
    }
  }

  /**
   * Takes up other replicas' work the moment their claims run out: looks
   * at the leases now and every third of a lease, until stop().
   */
  watchLeases(): void {
    if (this.stopped || this.leaseLooks) return;
    const look = () =>
      this.lookAtLeases().catch(error =>
        this.options.logger.warn(`Could not read the leases: ${error}`),
      );
    look();
    this.leaseLooks = setInterval(
      look,
      Math.max(this.leaseMs / LEASE_LOOKS_PER_LEASE, 100),
    );
    this.leaseLooks.unref?.();
  }

  /**
   * Schedules a look at each project another holder claims (or at `only`),
   * at its expiry.
   */
  async lookAtLeases(only?: string): Promise<void> {
    const now = Date.now();
    for (const lease of await this.store.listLeases()) {
      if (lease.holder === this.holder) continue;
      if (only !== undefined && lease.uid !== only) continue;
      const delay = lease.expiresAt - now + LEASE_EXPIRY_SLACK_MS;
      if (delay <= 0) this.kick(lease.uid, 'event', true);
      else this.requeue(lease.uid, delay, true);
    }
  }

  /** Resolves when nothing is queued or running; for tests and shutdown. */
  idle(): Promise<void> {
    if (this.queue.size === 0 && this.running.size === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.leaseLooks);
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.clear();
    await this.idle();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.size > 0) {
      const uid = this.queue.take()!;
      this.running.add(uid);
      this.work(uid).finally(() => {
        this.running.delete(uid);
        const lane = this.dirty.get(uid);
        if (lane) {
          this.dirty.delete(uid);
          this.kick(uid, lane);
        }
        this.pump();
        if (this.queue.size === 0 && this.running.size === 0) {
          this.idleWaiters.splice(0).forEach(resolve => resolve());
        }
      });
    }
  }

  private async work(uid: string): Promise<void> {
    let claimed = false;
    let before: ProjectRecord | undefined;
    try {
      claimed = await this.store.tryAcquireLease(
        uid,
        this.holder,
        this.leaseMs,
      );
      if (!claimed) {
        // Another replica works on it; look again the moment its claim ends.
        await this.lookAtLeases(uid);
        return;
      }
      before = await this.store.getProjectByUid(uid);
      const outcome = await reconcileProject(this.contextFor(before), uid);
      this.failures.delete(uid);
      if (before && hasWarning(before, CLUSTER_UNAVAILABLE_WARNING)) {
        await this.showClusterWarning(uid, undefined);
      }
      if (outcome.changed && before) {
        this.options.changes.publish({
          uid,
          namespace: before.namespace,
          name: before.name,
          deleted: outcome.deleted,
        });
      }
      if (outcome.deleted) return;
      if (outcome.requeueAfterMs !== undefined) {
        this.requeue(uid, outcome.requeueAfterMs);
      }
    } catch (error) {
      const count = (this.failures.get(uid) ?? 0) + 1;
      this.failures.set(uid, count);
      const delay =
        ERROR_BACKOFF_MS[Math.min(count, ERROR_BACKOFF_MS.length) - 1];
      this.options.logger.warn(
        `Reconciling project ${uid} failed (attempt ${count}), retrying in ${delay} ms: ${error}`,
      );
      const warning = before && this.clusterWarning(before, error);
      if (warning) {
        await this.showClusterWarning(uid, warning).catch(() => {});
      }
      this.requeue(uid, delay);
    } finally {
      if (claimed) {
        await this.store.releaseLease(uid, this.holder).catch(() => {});
      }
    }
  }

  /** The pipeline's context with the project's own cluster. */
  private contextFor(project: ProjectRecord | undefined): PipelineContext {
    const { clusters, context } = this.options;
    return {
      ...context,
      // A project gone from the store needs no cluster: any will do.
      cluster: project
        ? clusters.forProject(project)
        : clusters.forProject({ spec: {} }),
    };
  }

  /** What the project shows when its cluster is why it cannot go on. */
  private clusterWarning(
    project: ProjectRecord,
    error: unknown,
  ): string | undefined {
    const cluster = this.options.clusters.nameOf(project.spec);
    if (isClusterUnavailable(error)) {
      return `Cluster "${cluster}" does not answer; this project waits for it and carries on when it is back. Projects on other clusters are not affected.`;
    }
    if (!this.options.clusters.names.includes(cluster)) {
      return `This project is on cluster "${cluster}", which is not configured (any more); it waits until it is. ${String(
        (error as Error).message,
      )}`;
    }
    return undefined;
  }

  /** Shows (with a message) or clears the project's cluster warning. */
  private async showClusterWarning(uid: string, message: string | undefined) {
    const project = await this.store.getProjectByUid(uid);
    if (!project) return;
    const changed = await setWarning(
      { store: this.store },
      project,
      CLUSTER_UNAVAILABLE_WARNING,
      message,
    );
    if (changed || !message) {
      this.options.changes.publish({
        uid,
        namespace: project.namespace,
        name: project.name,
        deleted: false,
      });
    }
  }

  /** Reconciles the project again after `delayMs`, or sooner if due sooner. */
  private requeue(uid: string, delayMs: number, first = false): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.dirty.set(uid, 'event');
      return;
    }
    const at = Date.now() + delayMs;
    const due = this.timers.get(uid);
    if (due && due.at <= at) return;
    this.clearTimer(uid);
    const timer = setTimeout(() => {
      this.timers.delete(uid);
      this.kick(uid, 'event', first);
    }, delayMs);
    timer.unref?.();
    this.timers.set(uid, { timer, at });
  }

  private clearTimer(uid: string): void {
    const due = this.timers.get(uid);
    if (due) {
      clearTimeout(due.timer);
      this.timers.delete(uid);
    }
  }
}
