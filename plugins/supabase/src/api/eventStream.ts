import { ResponseError } from '@backstage/errors';
import {
  EventSourceMessage,
  fetchEventSource,
} from '@microsoft/fetch-event-source';
import { StreamConnectionState, StreamResult } from './SupabaseApi';

/** How long to wait before reconnecting a dropped stream. @public */
export interface StreamBackoff {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_STREAM_BACKOFF: StreamBackoff = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
};

/** What a message handler tells the stream: go on, or the server is done. */
export type StreamStep = 'continue' | 'stop';

export interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  signal: AbortSignal;
  backoff: StreamBackoff;
  onMessage(message: EventSourceMessage): StreamStep;
  onConnectionChange?(state: StreamConnectionState, error?: Error): void;
}

/** Wraps an error that reconnecting cannot fix, so `onerror` lets it through. */
class FatalStreamError extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

/**
 * Exponential backoff with jitter: replicas of a backend that restarts are
 * not all hit at the same moment by every open page.
 */
export function backoffDelay(retry: number, backoff: StreamBackoff): number {
  const exponential = backoff.initialDelayMs * 2 ** Math.min(retry - 1, 16);
  const capped = Math.min(backoff.maxDelayMs, exponential);
  return capped / 2 + (Math.random() * capped) / 2;
}

/**
 * 4xx answers (other than timeouts and rate limits) will not change by
 * asking again: the user lacks permission or the project does not exist.
 */
function isFatalStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Opens a Server-Sent Events stream through the given fetch (Backstage's
 * fetch API, so the Authorization header is sent; a browser EventSource
 * cannot send it), and keeps it open: a drop or a server error schedules a
 * reconnection with backoff. `@microsoft/fetch-event-source` sends the last
 * received event id as `Last-Event-ID` on every reconnection.
 */
export async function openEventStream(
  options: EventStreamOptions,
): Promise<StreamResult> {
  const { backoff, onMessage, onConnectionChange } = options;
  // Our own controller, so that an `end` event can close the stream too.
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal.aborted) {
    return 'aborted';
  }
  options.signal.addEventListener('abort', abort);

  let retries = 0;
  let ended = false;
  onConnectionChange?.('connecting');
  try {
    await fetchEventSource(options.url, {
      fetch: options.fetch,
      signal: controller.signal,
      async onopen(response) {
        const contentType = response.headers.get('content-type') ?? '';
        if (response.ok && contentType.startsWith('text/event-stream')) {
          retries = 0;
          onConnectionChange?.('open');
          return;
        }
        const error = response.ok
          ? new Error(`Expected an event stream, got "${contentType}"`)
          : await ResponseError.fromResponse(response);
        throw isFatalStatus(response.status)
          ? new FatalStreamError(error)
          : error;
      },
      onmessage(message) {
        if (onMessage(message) === 'stop') {
          ended = true;
          controller.abort();
        }
      },
      onclose() {
        // The server (or a proxy) closed the stream without an `end`:
        // throwing sends us through onerror, which reconnects.
        throw new Error('The server closed the stream');
      },
      onerror(error: unknown) {
        if (error instanceof FatalStreamError) {
          throw error.original;
        }
        retries += 1;
        onConnectionChange?.(
          'reconnecting',
          error instanceof Error ? error : new Error(String(error)),
        );
        return backoffDelay(retries, backoff);
      },
    });
  } finally {
    options.signal.removeEventListener('abort', abort);
  }
  return ended ? 'ended' : 'aborted';
}

/** Parses an event's JSON data; undefined for a malformed frame. */
export function parseEventData<T>(message: EventSourceMessage): T | undefined {
  try {
    return JSON.parse(message.data) as T;
  } catch {
    // A frame we cannot read is skipped rather than ending a live view.
    return undefined;
  }
}
