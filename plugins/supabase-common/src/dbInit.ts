/** The outcome of one SQL file in one db-init attempt. @public */
export interface DbInitFileResult {
  file: string;
  /** `not-attempted`: a file before this one failed, so it never ran. */
  result: 'applied' | 'skipped' | 'failed' | 'not-attempted';
  errors: number;
  checksum?: string;
}

/** @public */
export type DbInitAttemptState = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** One pod of the db-init Job: an attempt, with its own logs. @public */
export interface DbInitAttempt {
  /** 1-based. */
  attempt: number;
  podName: string;
  state: DbInitAttemptState;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  /** e.g. `Error`, `CreateContainerConfigError`. */
  reason?: string;
  message?: string;
  fileResults: DbInitFileResult[];
  /** Size of the archived log in characters; 0 while it is live. */
  logSize: number;
  /** True once the log is kept in the store. */
  archived: boolean;
}

/** @public */
export type DbInitRunState = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/**
 * One run of the db-init Job. A project has a new run when it is first
 * initialized, on retry, and when the SQL set changes.
 *
 * @public
 */
export interface DbInitRun {
  /** Identifies the run in the API (unique across projects). */
  id: number;
  /** The run's number within its project: 1 for the first. */
  number: number;
  jobName: string;
  state: DbInitRunState;
  /** Why the run exists: `Initial`, `Retry`, `SqlSetChanged`, ... */
  trigger: string;
  /** Hash of the SQL set (and custom scripts) it ran. */
  sqlVersion: string;
  backoffLimit: number;
  createdAt: string;
  finishedAt?: string;
  message?: string;
  attempts: DbInitAttempt[];
}

/** What `GET /projects/:namespace/:name/db-init` returns. @public */
export interface DbInitStatus {
  /** The newest run first. */
  runs: DbInitRun[];
}

/** A line of a log that matches a search. @public */
export interface DbInitLogMatch {
  /** The line's number in the whole log: 1 for the first. */
  line: number;
  text: string;
}

/**
 * What `GET /projects/:namespace/:name/db-init/runs/:run/attempts/:attempt/log/search`
 * returns: one page of the lines of an archived log that contain `query`
 * (case-insensitive), in log order.
 *
 * @public
 */
export interface DbInitLogSearchResult {
  query: string;
  /** Matching lines in the whole log. */
  total: number;
  offset: number;
  matches: DbInitLogMatch[];
}

/**
 * The file name of a downloaded db-init log, with the run's number as the
 * page shows it ("Run 1" → `run-1`), not its id.
 *
 * @public
 */
export function dbInitLogFileName(
  projectName: string,
  runNumber: number,
  attempt: number,
): string {
  return `${projectName}-db-init-run-${runNumber}-attempt-${attempt}.log`;
}
