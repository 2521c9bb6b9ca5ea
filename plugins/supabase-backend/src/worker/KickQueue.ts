/**
 * Which line a kicked project waits in. `event`: something happened to it (a
 * watch event, a user's action, a database server's turn, a lease that ran
 * out, a timer a step asked for): someone waits for the answer. `bulk`: the
 * periodic resync's pass over every project, the safety net, which nobody
 * waits for.
 */
export type KickLane = 'event' | 'bulk';

/**
 * Of this many projects taken while both lines wait, one is the bulk line's:
 * events go first, but a steady stream of them never stops the resync.
 */
export const TAKES_PER_BULK_TAKE = 4;

/**
 * The projects waiting to be reconciled, in two lines (docs/decisions/0028).
 * A project waits at most once: kicked by an event while in the bulk line it
 * moves to the event line's end (or its front, with `first`); kicked in bulk
 * while in the event line it stays where it is. Pure bookkeeping: claims,
 * what runs and when are the worker's.
 */
export class KickQueue {
  private readonly lines: Record<KickLane, string[]> = { event: [], bulk: [] };
  private readonly laneOf = new Map<string, KickLane>();
  /** Projects taken from the event line since the bulk line's last turn. */
  private eventTakes = 0;

  get size(): number {
    return this.laneOf.size;
  }

  has(uid: string): boolean {
    return this.laneOf.has(uid);
  }

  /**
   * Puts the project in `lane`, or in a better place if it already waits.
   * `first`: at the front of its line (it has waited elsewhere already).
   * Answers whether it was not waiting before.
   */
  add(uid: string, lane: KickLane, first = false): boolean {
    const waiting = this.laneOf.get(uid);
    if (waiting === 'event' && lane === 'bulk') return false;
    if (waiting === lane && !first) return false;
    if (waiting) this.remove(uid);
    const line = this.lines[lane];
    if (first) line.unshift(uid);
    else line.push(uid);
    this.laneOf.set(uid, lane);
    return waiting === undefined;
  }

  /** The next project to reconcile, out of its line; undefined if none. */
  take(): string | undefined {
    const { event, bulk } = this.lines;
    if (this.laneOf.size === 0) return undefined;
    const bulkTurn =
      bulk.length > 0 &&
      (event.length === 0 || this.eventTakes >= TAKES_PER_BULK_TAKE - 1);
    const uid = (bulkTurn ? bulk.shift() : event.shift())!;
    this.eventTakes = bulkTurn ? 0 : this.eventTakes + 1;
    this.laneOf.delete(uid);
    return uid;
  }

  clear(): void {
    this.lines.event.length = 0;
    this.lines.bulk.length = 0;
    this.laneOf.clear();
    this.eventTakes = 0;
  }

  private remove(uid: string): void {
    const line = this.lines[this.laneOf.get(uid)!];
    line.splice(line.indexOf(uid), 1);
    this.laneOf.delete(uid);
  }
}
