import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorRequestHandler } from 'express';
import { isStoreUnavailable } from '../database/storeUnavailable';
import { isClusterUnavailable } from '../kubernetes/clusterUnavailable';

/** What a client is told to wait before it tries again. */
export const RETRY_AFTER_SECONDS = 5;

/** Causes are followed this deep, no further. */
const MAX_CAUSE_DEPTH = 5;

/**
 * Why a request failed because a dependency is down, in one line, or
 * undefined for any other failure. Drivers wrap their errors, so the
 * causes are searched too.
 */
export function unavailabilityReason(error: unknown): string | undefined {
  for (const cause of causesOf(error, 0)) {
    if (isClusterUnavailable(cause)) {
      return 'The Kubernetes cluster is not reachable right now';
    }
    if (isStoreUnavailable(cause)) {
      return "Backstage's database is not reachable right now";
    }
  }
  return undefined;
}

function* causesOf(error: unknown, depth: number): Generator<unknown> {
  if (!error || depth > MAX_CAUSE_DEPTH) return;
  yield error;
  const e = error as { cause?: unknown; errors?: unknown };
  yield* causesOf(e.cause, depth + 1);
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) yield* causesOf(inner, depth + 1);
  }
}

/**
 * Answers a request that failed because the store or the cluster is down
 * with 503, `Retry-After` and a one-line reason in Backstage's error body:
 * never a stack trace, in any mode. Every other error goes on to
 * Backstage's own error handler.
 */
export function unavailableErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    const reason = unavailabilityReason(error);
    if (!reason) {
      next(error);
      return;
    }
    logger.warn(`${req.method} ${req.originalUrl}: ${reason}: ${error}`);
    if (res.headersSent) {
      // A stream that was already under way: all that is left is to end it.
      res.end();
      return;
    }
    res
      .status(503)
      .set('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({
        error: {
          name: 'ServiceUnavailableError',
          message: `${reason}; try again in a few seconds`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 503 },
      });
  };
}
