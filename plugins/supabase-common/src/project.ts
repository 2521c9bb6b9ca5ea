import { SupabaseComponentName } from './components';
import { ProjectPhase } from './phases';
import { ProjectSpec } from './projectSpec';

/** Public URLs of a Running project. @public */
export interface ProjectEndpoints {
  api?: string;
  studio?: string;
  auth?: string;
  rest?: string;
  realtime?: string;
  storage?: string;
  /** Edge functions, when enabled. */
  functions?: string;
}

/** How one component is doing on the cluster. @public */
export interface ComponentStatus {
  name: SupabaseComponentName;
  image: string;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  state: 'Available' | 'Progressing' | 'Unavailable' | 'Disabled';
  /** Pods that the local cluster simulates rather than runs. */
  simulated?: boolean;
  message?: string;
}

/** Something the platform team should fix, with the fix. @public */
export interface ProjectWarning {
  code: string;
  message: string;
}

/** The PostgreSQL database a project lives in. @public */
export interface ProjectDatabase {
  /**
   * The database's name: derived from namespace and name when the plugin
   * creates it; for an existing database, what its Secret named at the last
   * successful db-init run (unknown before).
   */
  name?: string;
  /** True when the plugin creates it (`spec.database.serverSecretRef`). */
  createdByPlugin: boolean;
}

/** A project as the REST API returns it. Never contains secret values. @public */
export interface SupabaseProject {
  namespace: string;
  name: string;
  /** Stable id assigned on creation. */
  uid: string;
  spec: ProjectSpec;
  phase: ProjectPhase;
  /** Why the project is in its phase; for Failed, what went wrong. */
  message?: string;
  reason?: string;
  /** Bumped on every spec change. */
  generation: number;
  /** The generation the cluster reflects. */
  observedGeneration?: number;
  /**
   * Entity ref of the owner, usually a Group (`group:default/team-a`); the
   * creating user unless one was chosen.
   */
  owner?: string;
  createdAt: string;
  updatedAt: string;
  phaseChangedAt: string;
  endpoints?: ProjectEndpoints;
  /** The anon key: public by design (it is what browsers send). */
  anonKey?: string;
  /** The publishable key: public like the anon key, which stays while legacy keys are on. */
  publishableKey?: string;
  components?: ComponentStatus[];
  warnings?: ProjectWarning[];
  /** The project's database. */
  database?: ProjectDatabase;
}

/** One entry on a project's timeline. @public */
export interface ProjectEvent {
  id: number;
  phase: ProjectPhase;
  reason: string;
  message: string;
  createdAt: string;
}
