import { LoggerService } from '@backstage/backend-plugin-api';
import { ProjectPhase } from '@supabase-backstage/plugin-supabase-common';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { DbInitScripts } from '../resources';

/** Settings of the pipeline, from `supabase.*` in app-config. */
export interface PipelineSettings {
  /** How long DeployingComponents waits for every Deployment to be Available. */
  componentTimeoutMs: number;
  /** Image of the db-init Job unless the project names one. */
  dbInitImage?: string;
  /** How long the db-init Job waits for the database to accept connections. */
  dbInitWaitSeconds: number;
  /**
   * db-init Jobs started at a time per database server; more wait in
   * InitializingDatabase (docs/decisions/0023). No limit when unset.
   */
  maxConcurrentDbInitRunsPerServer?: number;
}

/**
 * This replica's line of projects waiting to start a db-init Job on a
 * database server; a Job of that server finishing wakes the first
 * (docs/decisions/0023).
 */
export interface DatabaseServerLines {
  /**
   * Runs `fn` alone among this replica's reconciles for `server`, so that
   * counting the server's Jobs and starting one are a single step.
   */
  exclusive<T>(server: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Puts a project in the server's line, in the order of its run (oldest
   * first), and answers how many of the line are ahead of it.
   */
  join(server: string, waiter: { uid: string; runId: number }): number;
  /** Takes a project out of every line: it started, or no longer waits. */
  leave(uid: string): void;
}

/** What a phase step needs; passed in, never reached for. */
export interface PipelineContext {
  store: ProjectStore;
  /** Each project's generated keys, the source of truth (docs/decisions/0011). */
  keys: KeyMaterialStore;
  cluster: ClusterClient;
  sqlSet: DbInitScripts;
  settings: PipelineSettings;
  serverLines: DatabaseServerLines;
  logger: LoggerService;
}

/** What a phase step decided. */
export interface StepResult {
  /** Move on to this phase (recorded on the timeline). */
  next?: { to: ProjectPhase; reason: string; message: string };
  /**
   * Look again after this long even without a watch event: for waits that
   * no Kubernetes object reports, such as a timeout running out.
   */
  requeueAfterMs?: number;
}

/** One phase of the pipeline. */
export type PhaseStep = (
  ctx: PipelineContext,
  project: ProjectRecord,
) => Promise<StepResult>;
