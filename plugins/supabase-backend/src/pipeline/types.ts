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
}

/** What a phase step needs; passed in, never reached for. */
export interface PipelineContext {
  store: ProjectStore;
  /** Each project's generated keys, the source of truth (docs/decisions/0011). */
  keys: KeyMaterialStore;
  cluster: ClusterClient;
  sqlSet: DbInitScripts;
  settings: PipelineSettings;
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
