import { ClusterApiError, isTransientError } from './ClusterClient';

/**
 * True when an error from the cluster client means the Kubernetes API
 * cannot serve us right now: what the client retried (5xx, 429, network)
 * and still failed. Errors the API answered on purpose (404, 409, 422, 403)
 * are not outages.
 */
export function isClusterUnavailable(error: unknown): boolean {
  if (error instanceof ClusterApiError) return isTransientError(error);
  // The client library's network failures (node-fetch).
  return (error as { name?: unknown })?.name === 'FetchError';
}
