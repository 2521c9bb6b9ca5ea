import {
  DbInitAttempt,
  DbInitFileResult,
  DbInitRun,
  DbInitRunState,
  ListProjectsQuery,
  ProjectEvent,
  ProjectPhase,
  ProjectSpec,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';

/** Where the pipeline keeps what is not in the cluster. */
export type ProjectStatusFields = Pick<
  SupabaseProject,
  'endpoints' | 'anonKey' | 'publishableKey' | 'components' | 'warnings'
>;

/** A stored project: the API's view plus the pipeline's own bookkeeping. */
export interface ProjectRecord extends SupabaseProject {
  /** SQL set version that the last successful db-init run applied. */
  appliedSqlVersion?: string;
  /** The db-init run the pipeline follows. */
  currentRunId?: number;
}

/**
 * A condition on projects that the store applies in its list query: the
 * projects whose `key` is one of `values`. Permission rules translate to
 * these, combined with allOf / anyOf / not.
 */
export interface ProjectFilter {
  key: 'owner' | 'namespace';
  values: string[];
}

/** A phase change, recorded on the timeline with the change itself. */
export interface PhaseTransition {
  /** The change applies only while the project is still in this phase. */
  from: ProjectPhase;
  to: ProjectPhase;
  reason: string;
  message: string;
}

/** Fields of an attempt the pipeline observes on the cluster. */
export interface AttemptObservation {
  attempt: number;
  podName: string;
  state: DbInitAttempt['state'];
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
  message?: string;
}

/** A replica's claim on a project. */
export interface ProjectLease {
  uid: string;
  holder: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Storage of projects, timelines and db-init runs. */
export interface ProjectStore {
  createProject(options: {
    namespace: string;
    name: string;
    spec: ProjectSpec;
    owner?: string;
  }): Promise<ProjectRecord>;
  getProject(ref: {
    namespace: string;
    name: string;
  }): Promise<ProjectRecord | undefined>;
  getProjectByUid(uid: string): Promise<ProjectRecord | undefined>;
  /**
   * A page of projects; with `filter`, only those it admits, and the count
   * is theirs (a conditional permission decision, applied in the query).
   */
  listProjects(
    query: ListProjectsQuery,
    filter?: PermissionCriteria<ProjectFilter>,
  ): Promise<{ items: ProjectRecord[]; totalCount: number }>;
  /** Uids of every project, for the periodic resync. */
  listProjectUids(): Promise<string[]>;
  /**
   * Moves a project to another phase and records the event, atomically.
   * Returns false when the project is no longer in `from`, so that two
   * workers never record the same change twice.
   */
  transition(uid: string, transition: PhaseTransition): Promise<boolean>;
  /** Records an event without changing the phase. */
  addEvent(
    uid: string,
    event: { reason: string; message: string },
  ): Promise<void>;
  listEvents(uid: string): Promise<ProjectEvent[]>;
  updateStatus(uid: string, status: ProjectStatusFields): Promise<void>;
  updateProject(
    uid: string,
    fields: {
      appliedSqlVersion?: string | null;
      currentRunId?: number | null;
      observedGeneration?: number;
      /** The database a db-init run claimed (shown in the project). */
      databaseName?: string;
    },
  ): Promise<void>;
  /**
   * Replaces the spec and bumps the generation, recording `event` on the
   * timeline, atomically; only if the project is still at `generation`.
   * Returns false when someone changed it in between.
   */
  updateSpec(
    uid: string,
    update: {
      generation: number;
      spec: ProjectSpec;
      event: { reason: string; message: string };
    },
  ): Promise<boolean>;
  /** Gives the project another owner, recording `event` on the timeline. */
  changeOwner(
    uid: string,
    update: { owner: string; event: { reason: string; message: string } },
  ): Promise<void>;
  deleteProject(uid: string): Promise<void>;

  /**
   * Claims the project for `holder` until `ttlMs` from now, unless another
   * holder's claim is still valid.
   */
  tryAcquireLease(uid: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(uid: string, holder: string): Promise<void>;
  /** Every claim held now (or run out but never released), with its end. */
  listLeases(): Promise<ProjectLease[]>;

  /**
   * The role-password generation of a set of database credentials, by its
   * one-way key: 0 until the first rotation (see docs/decisions/0007).
   */
  getRolePasswordGeneration(credentialsKey: string): Promise<number>;
  /** Moves a set of credentials to its next generation; returns it. */
  advanceRolePasswordGeneration(credentialsKey: string): Promise<number>;

  createRun(run: {
    projectUid: string;
    jobName: string;
    trigger: string;
    sqlVersion: string;
    backoffLimit: number;
  }): Promise<DbInitRun>;
  getRun(runId: number): Promise<DbInitRun | undefined>;
  /** Runs of a project, newest first, with their attempts (no logs). */
  listRuns(projectUid: string): Promise<DbInitRun[]>;
  finishRun(
    runId: number,
    outcome: { state: DbInitRunState; message?: string },
  ): Promise<void>;
  setRunJobUid(runId: number, jobUid: string): Promise<void>;
  /** Records what the cluster shows of an attempt; never un-archives one. */
  upsertAttempt(runId: number, attempt: AttemptObservation): Promise<void>;
  archiveAttemptLog(
    runId: number,
    podName: string,
    archive: { log: string; fileResults: DbInitFileResult[] },
  ): Promise<void>;
  getAttemptLog(runId: number, attempt: number): Promise<string | undefined>;
}
