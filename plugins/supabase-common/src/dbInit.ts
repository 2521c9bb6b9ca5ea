import { ApiSchemas } from './schema/apiSchemas';

/* The db-init status as the REST API's OpenAPI document declares it. */

/** What one SQL file of the set did in an attempt. @public */
export type DbInitFileResult = ApiSchemas['DbInitFileResult'];

/** @public */
export type DbInitAttemptState = ApiSchemas['DbInitAttemptState'];

/** One pod of a db-init Job, with its per-file results. @public */
export type DbInitAttempt = ApiSchemas['DbInitAttempt'];

/** @public */
export type DbInitRunState = ApiSchemas['DbInitRunState'];

/** One db-init Job, with its attempts. @public */
export type DbInitRun = ApiSchemas['DbInitRun'];

/** Answer of `GET /projects/:namespace/:name/db-init`. @public */
export type DbInitStatus = ApiSchemas['DbInitStatus'];

/** One matching line of an archived log. @public */
export type DbInitLogMatch = ApiSchemas['DbInitLogMatch'];

/** A page of matches of a log search. @public */
export type DbInitLogSearchResult = ApiSchemas['DbInitLogSearchResult'];

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
