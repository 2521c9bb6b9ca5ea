import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, ResponseError } from '@backstage/errors';
import {
  PROVISIONING_PHASES,
  ProjectPhase,
  ProvisioningPhase,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { setTimeout as delay } from 'node:timers/promises';
import { ProjectRef, SupabaseProjectsApi } from './supabaseProjectsClient';
import { ProjectOutcomeError } from './actionFailure';

/** Between polls, and before reconnecting a stream the server closed. */
const DEFAULT_POLL_INTERVAL_MS = 2_000;

/** Options of {@link waitForProjectPhase}. */
export interface WaitForProjectPhaseOptions {
  client: Pick<SupabaseProjectsApi, 'getProject' | 'watchProject'>;
  ref: ProjectRef;
  target: ProvisioningPhase;
  timeoutSeconds: number;
  credentials: BackstageCredentials;
  logger: LoggerService;
  /** The task's signal: cancelling the task stops the wait. */
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

/**
 * True once a project is at the target phase or past it: waiting for
 * `InitializingDatabase` is satisfied by a project that already moved on.
 */
export function hasReachedPhase(
  phase: ProjectPhase,
  target: ProvisioningPhase,
): boolean {
  const index = PROVISIONING_PHASES.indexOf(phase as ProvisioningPhase);
  return index >= 0 && index >= PROVISIONING_PHASES.indexOf(target);
}

type Outcome = 'reached' | 'waiting' | Error;

/**
 * Waits until a project reaches a phase and returns it as it is then.
 * Throws when it fails (with the project's message), is deleted, does not
 * get there in time (naming the phase it is in), or the signal aborts.
 *
 * Follows the backend's status stream, which pushes each change at once; if
 * the stream cannot be opened (an older backend, a proxy that buffers) it
 * polls `GET /projects/:namespace/:name` instead. Either way every phase
 * change is logged, so the task log reads like the project's timeline.
 */
export async function waitForProjectPhase(
  options: WaitForProjectPhaseOptions,
): Promise<SupabaseProject> {
  const { client, ref, target, timeoutSeconds, credentials, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const refText = stringifyProjectRef(ref);

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutSeconds * 1000);
  const stop = options.signal
    ? AbortSignal.any([options.signal, deadline.signal])
    : deadline.signal;
  const request = { credentials, signal: stop };

  let last: SupabaseProject | undefined;
  const judge = (project: SupabaseProject): Outcome => {
    if (project.phase !== last?.phase) {
      logger.info(
        `Supabase project ${refText} is ${project.phase}${
          project.message ? `: ${project.message}` : ''
        }`,
      );
    }
    last = project;
    if (project.phase === 'Failed') {
      return new ProjectOutcomeError(
        `Supabase project ${refText} failed${
          project.reason ? ` (${project.reason})` : ''
        }: ${project.message ?? 'the backend gave no message'}`,
      );
    }
    if (project.phase === 'Deleting') {
      return new ProjectOutcomeError(
        `Supabase project ${refText} is being deleted; it will not reach ${target}`,
      );
    }
    return hasReachedPhase(project.phase, target) ? 'reached' : 'waiting';
  };

  const poll = async (): Promise<SupabaseProject | undefined> => {
    let project: SupabaseProject | undefined;
    try {
      project = await client.getProject(ref, request);
    } catch (error) {
      if (stop.aborted) return undefined;
      if (!isTransient(error)) throw error;
      logger.warn(`Could not read Supabase project ${refText}: ${error}`);
      return undefined;
    }
    if (!project) {
      throw new NotFoundError(`Supabase project ${refText} no longer exists`);
    }
    return project;
  };

  try {
    let useStream = true;
    while (!stop.aborted) {
      let outcome: Outcome = 'waiting';
      if (useStream) {
        try {
          for await (const project of client.watchProject(ref, request)) {
            outcome = judge(project);
            if (outcome !== 'waiting') break;
          }
        } catch (error) {
          if (stop.aborted) break;
          if (NotFoundError.is(error) || !isTransientStreamError(error)) {
            throw error;
          }
          logger.warn(
            `Cannot follow the status stream of Supabase project ${refText} (${error}); polling every ${
              pollIntervalMs / 1000
            } s instead`,
          );
          useStream = false;
          continue;
        }
      } else {
        const project = await poll();
        if (project) outcome = judge(project);
      }
      if (outcome === 'reached') return last!;
      if (outcome instanceof Error) throw outcome;
      await delay(pollIntervalMs, undefined, { signal: stop }).catch(() => {});
    }
  } finally {
    clearTimeout(timer);
  }

  if (options.signal?.aborted) {
    throw new ProjectOutcomeError(
      `Stopped waiting for Supabase project ${refText} to reach ${target}: the task was cancelled`,
    );
  }
  throw new ProjectOutcomeError(
    `Supabase project ${refText} did not reach ${target} within ${timeoutSeconds} s; ${
      last
        ? `it is in phase ${last.phase}${
            last.message ? ` (${last.message})` : ''
          }`
        : 'its phase could not be read'
    }`,
  );
}

/** Network failures and server-side errors may pass; the rest will not. */
function isTransient(error: unknown): boolean {
  if (ResponseError.is(error)) {
    return error.statusCode >= 500 || error.statusCode === 429;
  }
  return error instanceof TypeError; // what fetch throws when it cannot connect
}

/**
 * A stream that cannot be opened for reasons of its own (no such route, a
 * proxy that rewrites it, a dropped connection) is worth replacing by
 * polling; a refusal that polling would meet as well (401, 403) is not.
 */
function isTransientStreamError(error: unknown): boolean {
  if (ResponseError.is(error)) {
    return error.statusCode !== 401 && error.statusCode !== 403;
  }
  return true;
}
