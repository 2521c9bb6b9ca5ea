import type { V1ConfigMap, V1Job, V1Pod } from '@kubernetes/client-node';
import { stringifyProjectRef } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { buildClaimReleaseJob, objectNames } from '../resources';
import { ensureDbInitConfigMap } from './ensureDbInitConfigMap';
import {
  STUCK_WAITING_REASONS,
  jobOutcome,
  observeAttempts,
} from './observeAttempts';
import { parseDbInitLog } from './parseDbInitLog';
import { readDatabaseConnection } from './roleCredentials';
import { PipelineContext } from './types';

/** Seconds a release may take beyond two waits for the database. */
const RELEASE_MARGIN_SECONDS = 30;

/**
 * Deleting a project keeps its database and data, and releases the claim
 * its db-init runs made on it, so that another project (or this one,
 * created again) may use it. The release runs as a Job of the project
 * (run-migrations.sh with RELEASE_CLAIM=true) while the anchor and the
 * objects it needs still exist; it is waited for within a bound, and the
 * outcome goes on the timeline. Returns `waiting` while the Job runs, and
 * `done` once there is nothing (more) to do: the deletion goes on either way.
 */
export async function releaseDatabaseClaim(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<'waiting' | 'done'> {
  const names = objectNames(project.name);
  const anchor = await ctx.cluster.get<V1ConfigMap>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: project.namespace,
    name: names.anchor,
  });
  // Without a live anchor the deletion is past this step (or the objects
  // are gone already): nothing could run the release any more.
  if (!anchor || anchor.metadata?.deletionTimestamp) return 'done';
  // A project whose db-init never ran claimed nothing.
  if ((await ctx.store.listRuns(project.uid)).length === 0) return 'done';

  const connection = await readDatabaseConnection(ctx.cluster, project);
  if (!connection) {
    await recordClaimKept(ctx, project, undefined, 'its Secret is gone');
    return 'done';
  }
  const jobRef = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    namespace: project.namespace,
    name: names.claimRelease,
  };
  const job = await ctx.cluster.get<V1Job>(jobRef);
  if (!job) {
    // A db-init run still going would race the release: stop it first.
    await ctx.cluster.delete({ ...jobRef, name: names.dbInit }, 'Background');
    const owner = { name: anchor.metadata!.name!, uid: anchor.metadata!.uid! };
    await ensureDbInitConfigMap(ctx, project, owner);
    await ctx.cluster.ensure(
      buildClaimReleaseJob(project, owner, {
        image: ctx.settings.dbInitImage,
        waitSeconds: ctx.settings.dbInitWaitSeconds,
        maintenanceDatabase: connection.maintenanceDatabase,
      }),
    );
    return 'waiting';
  }

  const pods = await ctx.cluster.list<V1Pod>(
    'v1',
    'Pod',
    project.namespace,
    `job-name=${names.claimRelease}`,
  );
  const attempts = observeAttempts(job, pods);
  const stuck = attempts.find(
    a =>
      a.state === 'Pending' && STUCK_WAITING_REASONS.includes(a.reason ?? ''),
  );
  const outcome = jobOutcome(job);
  const boundMs =
    (2 * ctx.settings.dbInitWaitSeconds + RELEASE_MARGIN_SECONDS) * 1000;
  const overdue =
    Date.now() - new Date(job.metadata?.creationTimestamp ?? 0).getTime() >
    boundMs;
  if (!outcome && !stuck && !overdue) return 'waiting';

  const last = attempts
    .filter(a => a.state === 'Succeeded' || a.state === 'Failed')
    .pop();
  const log = last
    ? await ctx.cluster.readPodLog(
        project.namespace,
        last.podName,
        pods.find(p => p.metadata?.name === last.podName)!.spec!.containers[0]
          .name,
      )
    : '';
  const parsed = parseDbInitLog(log);
  const database = parsed.release?.database ?? connection.database;
  if (outcome?.state === 'Succeeded' && parsed.release) {
    await record(
      ctx,
      project,
      'DatabaseClaimReleased',
      parsed.release.released
        ? `The database "${database}" and its data were kept; the project's claim on it was released, so another project may use it, and a project created again as ${stringifyProjectRef(
            project,
          )} takes it up again.`
        : `The database "${database}" and its data were kept; the project held no claim on it to release.`,
    );
    return 'done';
  }
  let why = 'it did not finish in time';
  if (stuck) why = `its pod cannot start: ${stuck.reason}`;
  else if (outcome) {
    why =
      parsed.errors.map(e => e.message).join(' ') ||
      `the release Job ${outcome.state === 'Failed' ? 'failed' : 'ended'}${
        outcome.reason ? ` (${outcome.reason})` : ''
      }`;
  }
  await recordClaimKept(ctx, project, database, why);
  return 'done';
}

async function recordClaimKept(
  ctx: PipelineContext,
  project: ProjectRecord,
  database: string | undefined,
  why: string,
) {
  const ref = stringifyProjectRef(project);
  await record(
    ctx,
    project,
    'DatabaseClaimKept',
    `The database${
      database ? ` "${database}"` : ''
    } and its data were kept, but the project's claim on it could not be released (${why}). Only a project named ${ref} may use it: create the project again with that namespace and name to take it up, or release the claim by running run-migrations.sh against it with PROJECT_CLAIMANT=${ref} RELEASE_CLAIM=true.`,
  );
}

async function record(
  ctx: PipelineContext,
  project: ProjectRecord,
  reason: string,
  message: string,
) {
  await ctx.store.addEvent(project.uid, { reason, message });
  ctx.logger.info(
    `Project ${stringifyProjectRef(project)} deleted: ${message}`,
  );
}
