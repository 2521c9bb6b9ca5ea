import {
  DbInitAttempt,
  DbInitRun,
} from '@supabase-backstage/plugin-supabase-common';

/** The attempt with the highest number, the one that counts. */
export function latestAttempt(run: DbInitRun): DbInitAttempt | undefined {
  return run.attempts.reduce<DbInitAttempt | undefined>(
    (latest, attempt) =>
      !latest || attempt.attempt > latest.attempt ? attempt : latest,
    undefined,
  );
}

/** `backoffLimit` counts retries; the first try is one more. */
export function maxAttempts(run: DbInitRun): number {
  return run.backoffLimit + 1;
}
