import type { Registry } from '../api/registry';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import { Timers, WorkQueue } from '../util';

/**
 * What every controller shares: a work queue of object keys fed from the
 * store's change feed (level-triggered: a key is synced once however many
 * changes came), timers for requeues, and a stop that ends them all.
 */
export abstract class Controller {
  protected readonly queue: WorkQueue;
  protected readonly timers = new Timers();
  private readonly unsubscribe: () => void;

  constructor(
    protected readonly registry: Registry,
    protected readonly store: ObjectStore,
  ) {
    this.queue = new WorkQueue(key => this.sync(key));
    this.unsubscribe = store.hub.subscribe(event => this.onEvent(event));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
    this.timers.stop();
  }

  /** Queues the object a change is about. */
  protected queueObject(event: StoreEvent) {
    const meta = event.object.metadata;
    this.queue.add(`${meta.namespace}/${meta.name}`);
  }

  /** Queues the controller (of `kind`) of the object a change is about. */
  protected queueController(event: StoreEvent, kind: string) {
    const ref = event.object.metadata.ownerReferences?.find(
      r => r.kind === kind && r.controller,
    );
    if (ref) this.queue.add(`${event.object.metadata.namespace}/${ref.name}`);
  }

  /** Queues the keys a change concerns. */
  protected abstract onEvent(event: StoreEvent): void;

  /** Brings what one key names in line with its spec. */
  protected abstract sync(key: string): void;
}
