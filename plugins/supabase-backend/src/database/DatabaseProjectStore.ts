import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DbInitAttempt,
  DbInitFileResult,
  DbInitRun,
  DbInitRunState,
  ListProjectsQuery,
  ProjectEvent,
  ProjectPhase,
  ProjectSpec,
  describeProjectDatabase,
} from '@supabase-backstage/plugin-supabase-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { applyProjectFilter } from './applyProjectFilter';
import {
  AttemptObservation,
  PhaseTransition,
  ProjectFilter,
  ProjectLease,
  ProjectRecord,
  ProjectStatusFields,
  ProjectStore,
} from './ProjectStore';

const migrationsDir = resolvePackagePath(
  '@supabase-backstage/plugin-supabase-backend',
  'migrations',
);

const PROJECTS = 'supabase_projects';
const EVENTS = 'supabase_project_events';
const RUNS = 'supabase_db_init_runs';
const ATTEMPTS = 'supabase_db_init_attempts';
const GENERATIONS = 'supabase_role_password_generations';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

type Row = Record<string, any>;

const ATTEMPT_COLUMNS = [
  'run_id',
  'attempt',
  'pod_name',
  'state',
  'started_at',
  'finished_at',
  'exit_code',
  'reason',
  'message',
  'file_results',
  'archived',
];

/** The store on Backstage's database (SQLite or PostgreSQL), through knex. */
export class DatabaseProjectStore implements ProjectStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseProjectStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseProjectStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async createProject(options: {
    namespace: string;
    name: string;
    spec: ProjectSpec;
    owner?: string;
  }): Promise<ProjectRecord> {
    const now = new Date().toISOString();
    const uid = randomUUID();
    try {
      await this.db.transaction(async tx => {
        await tx(PROJECTS).insert({
          uid,
          namespace: options.namespace,
          name: options.name,
          spec: JSON.stringify(options.spec),
          phase: 'Pending',
          reason: 'Created',
          message: 'The project is stored and waits to be provisioned',
          generation: 1,
          owner: options.owner ?? null,
          created_at: now,
          updated_at: now,
          phase_changed_at: now,
        });
        await tx(EVENTS).insert({
          project_uid: uid,
          phase: 'Pending',
          reason: 'Created',
          message: `Project created${
            options.owner ? ` by ${options.owner}` : ''
          }`,
          created_at: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Project ${options.namespace}/${options.name} already exists`,
        );
      }
      throw error;
    }
    return (await this.getProjectByUid(uid))!;
  }

  async getProject(ref: {
    namespace: string;
    name: string;
  }): Promise<ProjectRecord | undefined> {
    const row = await this.db(PROJECTS)
      .where({ namespace: ref.namespace, name: ref.name })
      .first();
    return row ? toProject(row) : undefined;
  }

  async getProjectByUid(uid: string): Promise<ProjectRecord | undefined> {
    const row = await this.db(PROJECTS).where({ uid }).first();
    return row ? toProject(row) : undefined;
  }

  async listProjects(
    query: ListProjectsQuery,
    filter?: PermissionCriteria<ProjectFilter>,
  ): Promise<{ items: ProjectRecord[]; totalCount: number }> {
    const filtered = this.db(PROJECTS).where(builder => {
      if (filter) applyProjectFilter(builder, filter);
      if (query.namespace) builder.where('namespace', query.namespace);
      if (query.phase) builder.where('phase', query.phase);
      if (query.owner) builder.where('owner', query.owner);
      if (query.search) {
        builder.whereRaw(`name LIKE ? ESCAPE '\\'`, [
          `%${escapeLike(query.search)}%`,
        ]);
      }
    });
    const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const [rows, [{ count }]] = await Promise.all([
      filtered
        .clone()
        .select('*')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'uid', order: 'asc' },
        ])
        .limit(limit)
        .offset(query.offset ?? 0),
      filtered.clone().count({ count: '*' }),
    ]);
    return { items: rows.map(toProject), totalCount: Number(count) };
  }

  async listProjectUids(): Promise<string[]> {
    const rows = await this.db(PROJECTS).select('uid');
    return rows.map(row => row.uid);
  }

  async transition(uid: string, transition: PhaseTransition): Promise<boolean> {
    const now = new Date().toISOString();
    return this.db.transaction(async tx => {
      const updated = await tx(PROJECTS)
        .where({ uid, phase: transition.from })
        .update({
          phase: transition.to,
          reason: transition.reason,
          message: transition.message,
          updated_at: now,
          phase_changed_at: now,
        });
      if (updated !== 1) return false;
      await tx(EVENTS).insert({
        project_uid: uid,
        phase: transition.to,
        reason: transition.reason,
        message: transition.message,
        created_at: now,
      });
      return true;
    });
  }

  async addEvent(
    uid: string,
    event: { reason: string; message: string },
  ): Promise<void> {
    const project = await this.db(PROJECTS).where({ uid }).first('phase');
    if (!project) return;
    await this.db(EVENTS).insert({
      project_uid: uid,
      phase: project.phase,
      reason: event.reason,
      message: event.message,
      created_at: new Date().toISOString(),
    });
  }

  async listEvents(uid: string): Promise<ProjectEvent[]> {
    const rows = await this.db(EVENTS)
      .where({ project_uid: uid })
      .orderBy('id', 'asc');
    return rows.map(row => ({
      id: Number(row.id),
      phase: row.phase as ProjectPhase,
      reason: row.reason,
      message: row.message,
      createdAt: toIso(row.created_at)!,
    }));
  }

  async updateStatus(uid: string, status: ProjectStatusFields): Promise<void> {
    await this.db(PROJECTS)
      .where({ uid })
      .update({
        status: JSON.stringify(status),
        updated_at: new Date().toISOString(),
      });
  }

  async updateProject(
    uid: string,
    fields: {
      appliedSqlVersion?: string | null;
      currentRunId?: number | null;
      observedGeneration?: number;
      databaseName?: string;
    },
  ): Promise<void> {
    const update: Row = { updated_at: new Date().toISOString() };
    if (fields.databaseName !== undefined) {
      update.database_name = fields.databaseName;
    }
    if (fields.appliedSqlVersion !== undefined) {
      update.applied_sql_version = fields.appliedSqlVersion;
    }
    if (fields.currentRunId !== undefined) {
      update.current_run_id = fields.currentRunId;
    }
    if (fields.observedGeneration !== undefined) {
      update.observed_generation = fields.observedGeneration;
    }
    await this.db(PROJECTS).where({ uid }).update(update);
  }

  async updateSpec(
    uid: string,
    update: {
      generation: number;
      spec: ProjectSpec;
      event: { reason: string; message: string };
    },
  ): Promise<boolean> {
    const now = new Date().toISOString();
    return this.db.transaction(async tx => {
      const changed = await tx(PROJECTS)
        .where({ uid, generation: update.generation })
        .update({
          spec: JSON.stringify(update.spec),
          generation: update.generation + 1,
          updated_at: now,
        });
      if (changed !== 1) return false;
      await recordEventInPhase(tx, uid, update.event, now);
      return true;
    });
  }

  async changeOwner(
    uid: string,
    update: { owner: string; event: { reason: string; message: string } },
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction(async tx => {
      const changed = await tx(PROJECTS)
        .where({ uid })
        .update({ owner: update.owner, updated_at: now });
      if (changed === 1) await recordEventInPhase(tx, uid, update.event, now);
    });
  }

  async deleteProject(uid: string): Promise<void> {
    // Children first: SQLite only cascades with foreign keys switched on.
    await this.db.transaction(async tx => {
      const runIds = tx(RUNS).where({ project_uid: uid }).select('id');
      await tx(ATTEMPTS).whereIn('run_id', runIds).delete();
      await tx(RUNS).where({ project_uid: uid }).delete();
      await tx(EVENTS).where({ project_uid: uid }).delete();
      await tx(PROJECTS).where({ uid }).delete();
    });
  }

  async tryAcquireLease(
    uid: string,
    holder: string,
    ttlMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const updated = await this.db(PROJECTS)
      .where({ uid })
      .andWhere(builder =>
        builder
          .whereNull('lease_owner')
          .orWhere('lease_owner', holder)
          .orWhere('lease_expires_at', '<', now),
      )
      .update({ lease_owner: holder, lease_expires_at: now + ttlMs });
    return updated === 1;
  }

  async releaseLease(uid: string, holder: string): Promise<void> {
    await this.db(PROJECTS)
      .where({ uid, lease_owner: holder })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  async listLeases(): Promise<ProjectLease[]> {
    const rows = await this.db(PROJECTS)
      .whereNotNull('lease_owner')
      .select('uid', 'lease_owner', 'lease_expires_at');
    return rows.map(row => ({
      uid: row.uid,
      holder: row.lease_owner,
      expiresAt: Number(row.lease_expires_at),
    }));
  }

  async getRolePasswordGeneration(credentialsKey: string): Promise<number> {
    const row = await this.db(GENERATIONS)
      .where({ credentials_key: credentialsKey })
      .first('generation');
    return row ? Number(row.generation) : 0;
  }

  async advanceRolePasswordGeneration(credentialsKey: string): Promise<number> {
    // One statement, so two rotations at once both count.
    await this.db(GENERATIONS)
      .insert({
        credentials_key: credentialsKey,
        generation: 1,
        rotated_at: new Date(),
      })
      .onConflict('credentials_key')
      .merge({
        generation: this.db.raw('??.?? + 1', [GENERATIONS, 'generation']),
        rotated_at: new Date(),
      });
    return this.getRolePasswordGeneration(credentialsKey);
  }

  async createRun(run: {
    projectUid: string;
    jobName: string;
    trigger: string;
    sqlVersion: string;
    backoffLimit: number;
  }): Promise<DbInitRun> {
    const [inserted] = await this.db(RUNS)
      .insert({
        project_uid: run.projectUid,
        job_name: run.jobName,
        state: 'Pending',
        trigger: run.trigger,
        sql_version: run.sqlVersion,
        backoff_limit: run.backoffLimit,
        created_at: new Date().toISOString(),
      })
      .returning('id');
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    return (await this.getRun(id))!;
  }

  async getRun(runId: number): Promise<DbInitRun | undefined> {
    const row = await this.db(RUNS).where({ id: runId }).first();
    if (!row) return undefined;
    const attempts = await this.db(ATTEMPTS)
      .where({ run_id: runId })
      .orderBy('attempt', 'asc')
      .select(this.attemptColumns());
    const [{ count }] = await this.db(RUNS)
      .where({ project_uid: row.project_uid })
      .andWhere('id', '<=', runId)
      .count({ count: '*' });
    return toRun(row, Number(count), attempts);
  }

  async listRuns(projectUid: string): Promise<DbInitRun[]> {
    const rows = await this.db(RUNS)
      .where({ project_uid: projectUid })
      .orderBy('id', 'desc');
    if (rows.length === 0) return [];
    const attempts = await this.db(ATTEMPTS)
      .whereIn(
        'run_id',
        rows.map(row => row.id),
      )
      .orderBy('attempt', 'asc')
      .select(this.attemptColumns());
    return rows.map((row, index) =>
      toRun(
        row,
        rows.length - index,
        attempts.filter(a => Number(a.run_id) === Number(row.id)),
      ),
    );
  }

  /** Attempt columns without the log itself, which can be large. */
  private attemptColumns() {
    return [
      ...ATTEMPT_COLUMNS,
      this.db.raw('coalesce(length(log), 0) as log_size'),
    ];
  }

  async finishRun(
    runId: number,
    outcome: { state: DbInitRunState; message?: string },
  ): Promise<void> {
    const finished =
      outcome.state === 'Succeeded' || outcome.state === 'Failed';
    await this.db(RUNS)
      .where({ id: runId })
      .update({
        state: outcome.state,
        message: outcome.message ?? null,
        finished_at: finished ? new Date().toISOString() : null,
      });
  }

  async setRunJobUid(runId: number, jobUid: string): Promise<void> {
    await this.db(RUNS).where({ id: runId }).update({ job_uid: jobUid });
  }

  async upsertAttempt(
    runId: number,
    attempt: AttemptObservation,
  ): Promise<void> {
    const fields = {
      attempt: attempt.attempt,
      state: attempt.state,
      started_at: attempt.startedAt ?? null,
      finished_at: attempt.finishedAt ?? null,
      exit_code: attempt.exitCode ?? null,
      reason: attempt.reason ?? null,
      message: attempt.message ?? null,
    };
    await this.db(ATTEMPTS)
      .insert({
        run_id: runId,
        pod_name: attempt.podName,
        archived: false,
        ...fields,
      })
      .onConflict(['run_id', 'pod_name'])
      .merge(fields);
  }

  async archiveAttemptLog(
    runId: number,
    podName: string,
    archive: { log: string; fileResults: DbInitFileResult[] },
  ): Promise<void> {
    await this.db(ATTEMPTS)
      .where({ run_id: runId, pod_name: podName })
      .update({
        log: archive.log,
        file_results: JSON.stringify(archive.fileResults),
        archived: true,
      });
  }

  async getAttemptLog(
    runId: number,
    attempt: number,
  ): Promise<string | undefined> {
    const row = await this.db(ATTEMPTS)
      .where({ run_id: runId, attempt, archived: true })
      .first('log');
    return row?.log ?? undefined;
  }
}

/** Records a timeline event in the phase the project is in now. */
async function recordEventInPhase(
  tx: Knex.Transaction,
  uid: string,
  event: { reason: string; message: string },
  now: string,
): Promise<void> {
  const project = await tx(PROJECTS).where({ uid }).first('phase');
  await tx(EVENTS).insert({
    project_uid: uid,
    phase: project.phase,
    reason: event.reason,
    message: event.message,
    created_at: now,
  });
}

function toProject(row: Row): ProjectRecord {
  const status = row.status ? JSON.parse(row.status) : {};
  const spec: ProjectSpec = JSON.parse(row.spec);
  return {
    uid: row.uid,
    namespace: row.namespace,
    name: row.name,
    spec,
    phase: row.phase,
    reason: row.reason ?? undefined,
    message: row.message ?? undefined,
    generation: Number(row.generation),
    observedGeneration:
      row.observed_generation === null || row.observed_generation === undefined
        ? undefined
        : Number(row.observed_generation),
    owner: row.owner ?? undefined,
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
    phaseChangedAt: toIso(row.phase_changed_at)!,
    endpoints: status.endpoints,
    anonKey: status.anonKey,
    publishableKey: status.publishableKey,
    components: status.components,
    warnings: status.warnings,
    database: describeProjectDatabase(
      { namespace: row.namespace, name: row.name },
      spec.database,
      row.database_name ?? undefined,
    ),
    appliedSqlVersion: row.applied_sql_version ?? undefined,
    currentRunId:
      row.current_run_id === null || row.current_run_id === undefined
        ? undefined
        : Number(row.current_run_id),
  };
}

function toRun(row: Row, number: number, attempts: Row[]): DbInitRun {
  return {
    id: Number(row.id),
    number,
    jobName: row.job_name,
    state: row.state,
    trigger: row.trigger,
    sqlVersion: row.sql_version,
    backoffLimit: Number(row.backoff_limit),
    createdAt: toIso(row.created_at)!,
    finishedAt: toIso(row.finished_at),
    message: row.message ?? undefined,
    attempts: attempts.map(toAttempt),
  };
}

function toAttempt(row: Row): DbInitAttempt {
  return {
    attempt: Number(row.attempt),
    podName: row.pod_name,
    state: row.state,
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
    exitCode:
      row.exit_code === null || row.exit_code === undefined
        ? undefined
        : Number(row.exit_code),
    reason: row.reason ?? undefined,
    message: row.message ?? undefined,
    fileResults: row.file_results ? JSON.parse(row.file_results) : [],
    logSize: Number(row.log_size ?? 0),
    archived: Boolean(row.archived),
  };
}

function toIso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return new Date(value as string | number | Date).toISOString();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL unique_violation
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
