import { DatabaseServerLines } from '../pipeline/types';

interface Waiter {
  uid: string;
  runId: number;
}

/**
 * The lines of projects waiting for a turn on a database server, in this
 * replica's memory: the pipeline joins a project when the server has its
 * fill of db-init Jobs, and a Job of the server finishing takes the first
 * in line out to be reconciled (wakeDatabaseServerLines). The woken project
 * leaves the line; if it still finds no room it joins again at its place
 * (the order is its run's, which the store numbers for every replica).
 * Lines are lost with the process; the periodic resync rebuilds them.
 */
export class DatabaseServerQueue implements DatabaseServerLines {
  private readonly lines = new Map<string, Waiter[]>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async exclusive<T>(server: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(server) ?? Promise.resolve();
    const result = before.catch(() => {}).then(fn);
    const settled = result.catch(() => {});
    this.locks.set(server, settled);
    settled.then(() => {
      if (this.locks.get(server) === settled) this.locks.delete(server);
    });
    return result;
  }

  join(server: string, waiter: Waiter): number {
    this.leave(waiter.uid);
    const line = this.lines.get(server) ?? [];
    const ahead = line.filter(w => w.runId < waiter.runId).length;
    line.splice(ahead, 0, waiter);
    this.lines.set(server, line);
    return ahead;
  }

  leave(uid: string): void {
    for (const [server, line] of this.lines) {
      const index = line.findIndex(w => w.uid === uid);
      if (index < 0) continue;
      line.splice(index, 1);
      if (line.length === 0) this.lines.delete(server);
    }
  }

  /**
   * A run on `server` ended: takes the first in its line out and answers
   * it, to be reconciled now.
   */
  takeNext(server: string): string | undefined {
    const first = this.lines.get(server)?.[0];
    if (first) this.leave(first.uid);
    return first?.uid;
  }
}
