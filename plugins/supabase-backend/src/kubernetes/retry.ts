import { isTransientError } from './ClusterClient';

/** How a transient failure is retried. */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
};

/**
 * Runs `fn`, retrying transient errors with exponential backoff and full
 * jitter, so that replicas hitting an overloaded API server spread out.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= options.attempts || !isTransientError(error)) throw error;
      const ceiling = Math.min(
        options.maxDelayMs,
        options.baseDelayMs * 2 ** (attempt - 1),
      );
      await new Promise(resolve =>
        setTimeout(resolve, Math.random() * ceiling),
      );
    }
  }
}
