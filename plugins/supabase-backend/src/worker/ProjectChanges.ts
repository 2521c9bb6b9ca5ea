import { EventEmitter } from 'node:events';

/** A project whose stored state may have changed. */
export interface ProjectChange {
  uid: string;
  namespace: string;
  name: string;
  deleted: boolean;
}

/**
 * In-process notifications of project changes, so that status streams push
 * at once. Streams also re-read the store now and then, which covers changes
 * made by other replicas.
 */
export class ProjectChanges {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open status stream is a listener.
    this.emitter.setMaxListeners(0);
  }

  publish(change: ProjectChange): void {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: ProjectChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
