import type { V1Job, V1Pod } from '@kubernetes/client-node';
import {
  DbInitRun,
  FAILURE_LOG_LINES_MARKER,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../../database/ProjectStore';
import {
  AnchorRef,
  DB_INIT_BACKOFF_LIMIT,
  DB_INIT_RUN_ANNOTATION,
  buildDbInitJob,
  buildDbInitSecret,
  databaseVersion,
  buildProjectSecrets,
  databaseServerId,
  objectNames,
  projectSelector,
  signingSecretVersion,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import {
  RoleCredentials,
  databaseSecretGone,
  readRoleCredentials,
} from '../roleCredentials';
import { currentDbInitVersion } from '../currentDbInitVersion';
import { waitForDatabaseServer } from '../databaseServerTurn';
import { rolesPartOf, versionChanges } from '../dbInitVersion';
import { ensureAnchor } from '../ensureAnchor';
import { ensureDbInitConfigMap } from '../ensureDbInitConfigMap';
import { projectKeys } from '../keyMaterial';
import {
  STUCK_WAITING_REASONS,
  jobOutcome,
  observeAttempts,
} from '../observeAttempts';
import { parseDbInitLog } from '../parseDbInitLog';
import { PhaseStep, PipelineContext, StepResult } from '../types';

const LAST_LOG_LINES = 10;
/** The file of the SQL set that puts the JWT settings into the database. */
const JWT_SQL_FILE = '02-jwt.sql';
/** The file of the SQL set that sets the role passwords. */
const ROLES_SQL_FILE = '01-roles.sql';
/** The condition reason of a Job that a podFailurePolicy FailJob rule ended. */
const PERMANENT_FAILURE_REASON = 'PodFailurePolicy';

/**
 * InitializingDatabase: runs the SQL set against the user's database with
 * the db-init Job and follows it. A version already applied is never run
 * again, even after Kubernetes has garbage-collected the Job.
 */
export const initializeDatabase: PhaseStep = async (ctx, project) => {
  // The Job reads the signing secret (02-jwt.sql) and the role passwords
  // (01-roles.sql, from the db-init Secret) from Secrets: they must exist
  // first. The keys come from the store, which keeps them. The components'
  // `<project>-roles` follows in DeployingSecrets, once the database has
  // the passwords. Reading the role credentials changes nothing, so it
  // goes together with the rest.
  const [owner, keys, roles] = await Promise.all([
    ensureAnchor(ctx, project),
    projectKeys(ctx, project),
    readRoleCredentials(ctx, project),
  ]);
  if (!keys) return {};
  if (!roles) return databaseSecretGone(project);
  await applyObjects(ctx, [
    await buildProjectSecrets(project, owner, keys),
    buildDbInitSecret(project, owner, roles),
  ]);

  const version = await currentDbInitVersion(ctx, project, {
    keysVersion: signingSecretVersion(keys.jwtSecret),
    rolesVersion: roles.version,
    databaseVersion: databaseVersion(roles.connection),
  });
  if (project.appliedSqlVersion === version) {
    return {
      next: {
        to: 'DeployingSecrets',
        reason: 'AlreadyInitialized',
        message: `The database already has SQL set version ${version}; nothing to run`,
      },
    };
  }

  const run = await currentRun(ctx, project, version);
  const names = objectNames(project.name);
  const job = await ctx.cluster.get<V1Job>({
    apiVersion: 'batch/v1',
    kind: 'Job',
    namespace: project.namespace,
    name: names.dbInit,
  });

  if (
    job &&
    job.metadata?.annotations?.[DB_INIT_RUN_ANNOTATION] !== String(run.id)
  ) {
    // A Job of an earlier run (a failed one waiting for its TTL, say) is in
    // the way: remove it with its pods; its deletion wakes us up again. Only
    // the Job we saw: a read that lagged must never remove a newer run's.
    await ctx.cluster.delete(refOfJob(job), 'Background', {
      uid: job.metadata?.uid,
    });
    return {};
  }

  if (!job) {
    const server = databaseServerId(roles.connection, project.namespace);
    return ctx.serverLines.exclusive(
      server,
      async () =>
        (await waitForDatabaseServer(ctx, project, run.id, server)) ??
        startJob(ctx, project, owner, run, version, roles, server),
    );
  }
  // Started (or started by another replica): out of any line.
  ctx.serverLines.leave(project.uid);
  return followJob(ctx, project, run, job, version);
};

/** The run to follow: the current one if it is for this version, else a new one. */
async function currentRun(
  ctx: PipelineContext,
  project: ProjectRecord,
  version: string,
): Promise<DbInitRun> {
  if (project.currentRunId !== undefined) {
    const run = await ctx.store.getRun(project.currentRunId);
    if (run && run.sqlVersion === version && run.state !== 'Failed') {
      return run;
    }
  }
  const previous = await ctx.store.listRuns(project.uid);
  const changes = versionChanges(project.appliedSqlVersion, version);
  let trigger = 'Initial';
  if (project.appliedSqlVersion) {
    trigger = changes.sql ? 'SqlSetChanged' : 'SettingsChanged';
  } else if (previous.length > 0) trigger = 'Retry';
  const run = await ctx.store.createRun({
    projectUid: project.uid,
    jobName: objectNames(project.name).dbInit,
    trigger,
    sqlVersion: version,
    backoffLimit: DB_INIT_BACKOFF_LIMIT,
  });
  await ctx.store.updateProject(project.uid, { currentRunId: run.id });
  await ctx.store.addEvent(project.uid, {
    reason: 'DbInitRunCreated',
    message: `db-init run ${run.number} (${trigger}) for SQL set version ${version}`,
  });
  return run;
}

async function startJob(
  ctx: PipelineContext,
  project: ProjectRecord,
  owner: AnchorRef,
  run: DbInitRun,
  version: string,
  roles: RoleCredentials,
  server: string,
): Promise<StepResult> {
  await ensureDbInitConfigMap(ctx, project, owner);

  if (run.state === 'Running') {
    await ctx.store.addEvent(project.uid, {
      reason: 'DbInitJobRecreated',
      message: `The db-init Job of run ${run.number} disappeared before it finished; creating it again`,
    });
  }
  const changes = versionChanges(project.appliedSqlVersion, version);
  const { object: job } = await ctx.cluster.ensure<V1Job>(
    buildDbInitJob(project, owner, {
      runId: run.id,
      sqlVersion: version,
      image: ctx.settings.dbInitImage,
      waitSeconds: ctx.settings.dbInitWaitSeconds,
      maintenanceDatabase: roles.connection.maintenanceDatabase,
      // The SQL that stores the settings in the database may be unchanged
      // while what it stores is new.
      reapply: [
        ...(changes.roles ? [ROLES_SQL_FILE] : []),
        ...(changes.jwt ? [JWT_SQL_FILE] : []),
      ],
      roles: {
        version: roles.version,
        // A claim on the server's roles moves only from the passwords this
        // project set before; a new project must match it.
        previousVersion: rolesPartOf(project.appliedSqlVersion),
      },
      databaseServer: server,
      serverShared: roles.connection.sharedByOwners,
    }),
  );
  if (job.metadata?.uid) await ctx.store.setRunJobUid(run.id, job.metadata.uid);
  if (run.state !== 'Running') {
    await ctx.store.finishRun(run.id, { state: 'Running' });
  }
  return {};
}

async function followJob(
  ctx: PipelineContext,
  project: ProjectRecord,
  run: DbInitRun,
  job: V1Job,
  version: string,
): Promise<StepResult> {
  const pods = await ctx.cluster.list<V1Pod>(
    'v1',
    'Pod',
    project.namespace,
    // The project's labels too: the pods then come from the cache.
    `${projectSelector(project.name)},job-name=${job.metadata!.name}`,
  );
  const attempts = observeAttempts(job, pods);
  const archived = new Set(
    run.attempts.filter(a => a.archived).map(a => a.podName),
  );
  let lastLog = '';
  for (const attempt of attempts) {
    await ctx.store.upsertAttempt(run.id, attempt);
    const finished =
      attempt.state === 'Succeeded' || attempt.state === 'Failed';
    if (finished && !archived.has(attempt.podName)) {
      const pod = pods.find(p => p.metadata?.name === attempt.podName)!;
      const log = await ctx.cluster.readPodLog(
        project.namespace,
        attempt.podName,
        pod.spec!.containers[0].name,
      );
      await ctx.store.archiveAttemptLog(run.id, attempt.podName, {
        log,
        fileResults: parseDbInitLog(log).fileResults,
      });
      lastLog = log;
    }
  }

  const stuck = attempts.find(
    a =>
      a.state === 'Pending' && STUCK_WAITING_REASONS.includes(a.reason ?? ''),
  );
  if (stuck) {
    // Kubernetes keeps such a pod waiting forever and never counts a failure.
    const message = `The db-init pod cannot start: ${stuck.reason}: ${
      stuck.message ?? ''
    }`.trim();
    await ctx.store.finishRun(run.id, { state: 'Failed', message });
    await ctx.cluster.delete(refOfJob(job), 'Background', {
      uid: job.metadata?.uid,
    });
    return { next: { to: 'Failed', reason: stuck.reason!, message } };
  }

  // The pod that succeeded wakes this reconcile just before its Job
  // completes, which may have happened while its log was read: look again
  // (the cache answers, with watches on) rather than wait for a reconcile
  // of its own. Only after a success: a failed Job may have made a pod that
  // the list above missed, whose log must be archived first.
  const succeededNow = attempts.some(
    a => a.state === 'Succeeded' && !archived.has(a.podName),
  );
  const outcome = jobOutcome(
    (succeededNow && (await sameJob(ctx, job))) || job,
  );
  if (!outcome) return {};
  const log = lastLog || (await lastArchivedLog(ctx, run.id));

  if (outcome.state === 'Succeeded') {
    const parsed = parseDbInitLog(log);
    const count = (result: string) =>
      parsed.fileResults.filter(f => f.result === result).length;
    const message = `SQL set version ${version}: ${count(
      'applied',
    )} files applied, ${count('skipped')} already applied`;
    await ctx.store.finishRun(run.id, { state: 'Succeeded', message });
    await ctx.store.updateProject(project.uid, {
      appliedSqlVersion: version,
      databaseName: parsed.claim?.database ?? parsed.database?.name,
    });
    await ctx.store.updateStatus(project.uid, {
      endpoints: project.endpoints,
      anonKey: project.anonKey,
      publishableKey: project.publishableKey,
      components: project.components,
      warnings: parsed.warnings,
    });
    return {
      next: { to: 'DeployingSecrets', reason: 'DatabaseInitialized', message },
    };
  }

  const { errors } = parseDbInitLog(log);
  const reasons = errors.map(e => e.message).join(' ');
  const tail = log
    .split('\n')
    .filter(line => line.trim())
    .slice(-LAST_LOG_LINES)
    .join('\n');
  const permanent = outcome.reason === PERMANENT_FAILURE_REASON;
  const message = `The db-init Job failed after ${attempts.length} ${
    attempts.length === 1 ? 'attempt' : 'attempts'
  }${permanent ? ', with an error that retrying cannot fix' : ''} (${
    outcome.reason ?? 'Failed'
  }${outcome.message ? `: ${outcome.message}` : ''}).${
    reasons ? ` ${reasons.replace(/([^.!?])$/, '$1.')}` : ''
  }${tail ? `${FAILURE_LOG_LINES_MARKER}${tail}` : ''}`;
  await ctx.store.finishRun(run.id, { state: 'Failed', message });
  return {
    next: { to: 'Failed', reason: failureReason(errors, permanent), message },
  };
}

/**
 * The timeline reason of a failed run: what the script reported, for the
 * errors a user fixes differently, else whether a retry may help.
 */
function failureReason(
  errors: ReturnType<typeof parseDbInitLog>['errors'],
  permanent: boolean,
): string {
  const codes = new Set(errors.map(e => e.code));
  if (codes.has('database-claimed')) return 'DatabaseClaimed';
  if (codes.has('roles-claimed')) return 'RolesClaimed';
  if (codes.has('server-owned')) return 'ServerOwnedByAnotherOwner';
  if (codes.has('server-shared')) return 'ServerSharedUnmarkedSecret';
  if (codes.has('database-exists')) return 'DatabaseExists';
  if (codes.has('no-createdb')) return 'NoCreateDatabasePrivilege';
  if (codes.has('rejected')) return 'DatabaseRejected';
  return permanent ? 'DatabaseInitFailedPermanently' : 'DatabaseInitFailed';
}

/** The log of a run's newest archived attempt, for messages. */
async function lastArchivedLog(
  ctx: PipelineContext,
  runId: number,
): Promise<string> {
  const run = await ctx.store.getRun(runId);
  const last = run?.attempts.filter(a => a.archived).pop();
  if (!last) return '';
  return (await ctx.store.getAttemptLog(runId, last.attempt)) ?? '';
}

/** The Job as the cluster holds it now, if it is still the same one. */
async function sameJob(
  ctx: PipelineContext,
  job: V1Job,
): Promise<V1Job | undefined> {
  const now = await ctx.cluster.get<V1Job>(refOfJob(job));
  return now?.metadata?.uid === job.metadata?.uid ? now : undefined;
}

function refOfJob(job: V1Job) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    namespace: job.metadata!.namespace,
    name: job.metadata!.name!,
  };
}
