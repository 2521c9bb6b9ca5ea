import type { KubeObject } from '../types';

/** A change in the store, as watches see it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `group/resource`, e.g. `batch/jobs`. */
  resourceKey: string;
  /** The object after the change (for DELETED: the last state, with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED). */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/**
 * Fans store events out to listeners and keeps a bounded history so that a
 * watch can start from a `resourceVersion` in the past. Events older than the
 * history are gone: asking for them is answered with 410 Expired, as the
 * API server does once its watch cache has moved on.
 */
export class WatchHub {
  /** The events a watch can start after: `history[start]` onwards. */
  private history: StoreEvent[] = [];
  /**
   * Where the kept history begins. Evicting moves it on; the array is cut
   * only once as many events are evicted as kept, not on every publish
   * (cutting the front of a long array moves all the rest).
   */
  private start = 0;
  private readonly listeners = new Set<StoreListener>();
  /** Every event with a resourceVersion up to this one has been evicted. */
  private compactedThrough = 0;
  private readonly pending: StoreEvent[] = [];
  private delivering = false;

  constructor(private readonly capacity: number) {}

  publish(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length - this.start > this.capacity) {
      this.start = this.history.length - this.capacity;
      this.compactedThrough = this.history[this.start - 1].resourceVersion;
      if (this.start >= this.capacity) {
        this.history = this.history.slice(this.start);
        this.start = 0;
      }
    }
    // Listeners may write (and so publish) while being told of an event.
    // Deliver strictly in resourceVersion order: queue nested publications.
    this.pending.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.pending.length) {
        const next = this.pending.shift()!;
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (error) {
            // A listener must never break a write; report and carry on.
            process.emitWarning(`local-cluster listener failed: ${error}`);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The events after `resourceVersion`, or `undefined` when some of them are
   * no longer in the history.
   */
  since(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    // History is ordered by resourceVersion: binary search the first newer one.
    let lo = this.start;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].resourceVersion <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** The oldest resourceVersion a watch can still start from. */
  oldestResourceVersion(): number {
    return this.compactedThrough;
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}
