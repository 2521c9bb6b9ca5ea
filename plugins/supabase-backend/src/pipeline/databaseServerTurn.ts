import type { V1Job } from '@kubernetes/client-node';
import { ProjectRecord } from '../database/ProjectStore';
import { DATABASE_SERVER_LABEL, MANAGED_SELECTOR } from '../resources';
import { jobOutcome } from './observeAttempts';
import { PipelineContext, StepResult } from './types';

/** The timeline reason of a project waiting for its turn on a server. */
export const WAITING_FOR_DATABASE_SERVER = 'WaitingForDatabaseServer';

/**
 * Whether a project may start its db-init Job on `server` now: runs on a
 * server take turns anyway (run-migrations.sh holds an advisory lock), and
 * each waiting run holds one of the server's connections, so only a few
 * Jobs per server run at a time (docs/decisions/0023). The Jobs are counted
 * from the watch-fed Job cache. Run inside `serverLines.exclusive`, so that
 * this replica's count and start are one step.
 *
 * Undefined: start. Otherwise the project waits in its server's line, and
 * the timeline says so once.
 */
export async function waitForDatabaseServer(
  ctx: PipelineContext,
  project: ProjectRecord,
  runId: number,
  server: string,
): Promise<StepResult | undefined> {
  const cap = ctx.settings.maxConcurrentDbInitRunsPerServer;
  if (cap === undefined) return undefined;
  const jobs = await ctx.cluster.list<V1Job>(
    'batch/v1',
    'Job',
    undefined,
    `${MANAGED_SELECTOR},${DATABASE_SERVER_LABEL}=${server}`,
  );
  const running = jobs.filter(job => !jobOutcome(job)).length;
  if (running < cap) {
    ctx.serverLines.leave(project.uid);
    return undefined;
  }
  const waitingAhead = ctx.serverLines.join(server, {
    uid: project.uid,
    runId,
  });
  const events = await ctx.store.listEvents(project.uid);
  if (events[events.length - 1]?.reason !== WAITING_FOR_DATABASE_SERVER) {
    const ahead = running + waitingAhead;
    await ctx.store.addEvent(project.uid, {
      reason: WAITING_FOR_DATABASE_SERVER,
      message: `Waiting for a turn on the database server: ${ahead} db-init ${
        ahead === 1 ? 'run is' : 'runs are'
      } ahead (${running} running, at most ${cap} at a time on one server); starting when one finishes`,
    });
  }
  return {};
}
