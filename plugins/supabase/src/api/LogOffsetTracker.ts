import { LogChunkEvent } from '@supabase-backstage/plugin-supabase-common';

/**
 * Remembers, per attempt, how far the log has been received, so that text
 * sent again after a reconnection (a server that ignores or cannot honour
 * `Last-Event-ID`) is never shown twice.
 */
export class LogOffsetTracker {
  private readonly ends = new Map<number, number>();

  /** The part of `chunk` not seen before, or undefined when there is none. */
  accept(chunk: LogChunkEvent): LogChunkEvent | undefined {
    const seen = this.ends.get(chunk.attempt) ?? 0;
    const end = chunk.offset + chunk.text.length;
    if (end <= seen) {
      return undefined;
    }
    this.ends.set(chunk.attempt, end);
    if (chunk.offset >= seen) {
      return chunk;
    }
    // Overlaps what we have: keep only the new tail.
    return {
      attempt: chunk.attempt,
      offset: seen,
      text: chunk.text.slice(seen - chunk.offset),
    };
  }
}
