import type { V1Pod } from '@kubernetes/client-node';
import {
  DbInitAttempt,
  DbInitRun,
  LogChunkEvent,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { ProjectChanges } from '../worker/ProjectChanges';

/** Where log events go: an SSE response, or a test's collector. */
export interface LogSink {
  /** Resolves when the chunk is on its way (the client keeps up). */
  log(chunk: LogChunkEvent): Promise<void>;
  attempt(event: { attempt: number; state: DbInitAttempt['state'] }): void;
  end(): void;
  signal: AbortSignal;
}

/** Where to start: what the client has already (its `Last-Event-ID`). */
export interface LogPosition {
  attempt: number;
  offset: number;
}

const ARCHIVE_CHUNK = 64 * 1024;
/** How long to wait for an attempt's archive after its pod is gone. */
const ARCHIVE_WAIT_MS = 30_000;
/** Re-read the store this often while waiting, for other replicas' work. */
const STORE_RECHECK_MS = 1_000;

/** Parses an SSE id `<attempt>:<offset>`. */
export function parseLogPosition(id: unknown): LogPosition | undefined {
  const match = /^(\d+):(\d+)$/.exec(String(id ?? ''));
  return match
    ? { attempt: Number(match[1]), offset: Number(match[2]) }
    : undefined;
}

/**
 * Resolves `next()` on the next change of the project in this process, or
 * after a short while to pick up changes other replicas made.
 */
class ChangeWaiter {
  private wake: (() => void) | undefined;
  private pending = false;
  private readonly unsubscribe: () => void;

  constructor(changes: ProjectChanges, uid: string, signal: AbortSignal) {
    this.unsubscribe = changes.subscribe(change => {
      if (change.uid === uid) this.fire();
    });
    signal.addEventListener('abort', () => this.fire(), { once: true });
  }

  next(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const timer = setTimeout(() => this.fire(), STORE_RECHECK_MS);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  dispose() {
    this.unsubscribe();
    this.fire();
  }

  private fire() {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else this.pending = true;
  }
}

/**
 * Streams the logs of a db-init run: each attempt in turn (or only the one
 * asked for), from the archive when it has ended and live from its pod
 * while it runs, then waits for the next attempt until the run is over.
 * Offsets count characters from the start of each attempt's log, so a client
 * that reconnects with its last position gets no line twice.
 */
export async function streamDbInitLogs(
  deps: {
    store: ProjectStore;
    cluster: ClusterClient;
    changes: ProjectChanges;
  },
  project: ProjectRecord,
  request: { runId?: number; attempt?: number; from?: LogPosition },
  sink: LogSink,
): Promise<void> {
  const waiter = new ChangeWaiter(deps.changes, project.uid, sink.signal);
  try {
    let attempt = request.attempt ?? request.from?.attempt ?? 1;
    for (;;) {
      if (sink.signal.aborted) return;
      const run = await findRun(deps.store, project.uid, request.runId);
      if (!run) {
        // A project that has not reached its db-init run yet will: wait.
        if (
          request.runId === undefined &&
          (await awaitsFirstRun(deps.store, project.uid))
        ) {
          await waiter.next();
          continue;
        }
        sink.end();
        return;
      }
      const wanted = attempt;
      const record = run.attempts.find(a => a.attempt === wanted);
      if (!record) {
        // A later attempt exists without this one, or the run is over.
        const later = run.attempts.some(a => a.attempt > wanted);
        if (isFinished(run) || later) {
          sink.end();
          return;
        }
        await waiter.next();
        continue;
      }
      const start =
        request.from && request.from.attempt === attempt
          ? request.from.offset
          : 0;
      // An attempt that has not finished is announced as it starts.
      if (record.state === 'Pending' || record.state === 'Running') {
        sink.attempt({ attempt, state: record.state });
      }
      const state = await streamAttempt(
        deps,
        project,
        run,
        record,
        start,
        sink,
        waiter,
      );
      if (sink.signal.aborted) return;
      sink.attempt({ attempt, state });
      if (request.attempt) {
        sink.end();
        return;
      }
      attempt++;
    }
  } finally {
    waiter.dispose();
  }
}

async function streamAttempt(
  deps: { store: ProjectStore; cluster: ClusterClient },
  project: ProjectRecord,
  run: DbInitRun,
  record: DbInitAttempt,
  start: number,
  sink: LogSink,
  waiter: ChangeWaiter,
): Promise<DbInitAttempt['state']> {
  let offset = start;
  const emit = async (text: string, at: number) => {
    // Only what lies beyond what the client has already.
    const from = Math.max(0, offset - at);
    if (from >= text.length) return;
    offset = at + text.length;
    for (let i = from; i < text.length; i += ARCHIVE_CHUNK) {
      const part = text.slice(i, i + ARCHIVE_CHUNK);
      await sink.log({ attempt: record.attempt, offset: at + i, text: part });
    }
  };

  if (!record.archived) {
    const pod = await deps.cluster.get<V1Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: project.namespace,
      name: record.podName,
    });
    if (pod) {
      let position = 0;
      await deps.cluster
        .followPodLog(
          project.namespace,
          record.podName,
          pod.spec!.containers[0].name,
          text => {
            const at = position;
            position += text.length;
            return emit(text, at);
          },
          sink.signal,
        )
        .catch(() => {
          // The pod went away under us; the archive has the rest.
        });
    }
  }

  // The live stream has ended (or there was none): the archive is complete.
  const deadline = Date.now() + ARCHIVE_WAIT_MS;
  for (;;) {
    if (sink.signal.aborted) return record.state;
    const current = (await deps.store.getRun(run.id))?.attempts.find(
      a => a.attempt === record.attempt,
    );
    if (current?.archived) {
      const log =
        (await deps.store.getAttemptLog(run.id, record.attempt)) ?? '';
      await emit(log, 0);
      return current.state;
    }
    if (Date.now() > deadline) return current?.state ?? record.state;
    await waiter.next();
  }
}

async function findRun(
  store: ProjectStore,
  projectUid: string,
  runId?: number,
): Promise<DbInitRun | undefined> {
  if (runId !== undefined) {
    const run = await store.getRun(runId);
    return run;
  }
  return (await store.listRuns(projectUid))[0];
}

/** Phases in which a project without a run is about to start one. */
const BEFORE_FIRST_RUN: ReadonlyArray<ProjectRecord['phase']> = [
  'Pending',
  'ValidatingDependencies',
  'InitializingDatabase',
];

async function awaitsFirstRun(
  store: ProjectStore,
  uid: string,
): Promise<boolean> {
  const current = await store.getProjectByUid(uid);
  return !!current && BEFORE_FIRST_RUN.includes(current.phase);
}

function isFinished(run: DbInitRun): boolean {
  return run.state === 'Succeeded' || run.state === 'Failed';
}
