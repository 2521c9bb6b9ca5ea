import { KickQueue, TAKES_PER_BULK_TAKE } from './KickQueue';

/** Everything the queue holds, in the order it hands it out. */
const drain = (queue: KickQueue) => {
  const taken: string[] = [];
  for (let uid = queue.take(); uid !== undefined; uid = queue.take()) {
    taken.push(uid);
  }
  return taken;
};

describe('KickQueue', () => {
  it('hands out events before the bulk pass, each line in its order', () => {
    const queue = new KickQueue();
    queue.add('b1', 'bulk');
    queue.add('b2', 'bulk');
    queue.add('e1', 'event');
    queue.add('e2', 'event');
    expect(queue.size).toBe(4);
    expect(drain(queue)).toEqual(['e1', 'e2', 'b1', 'b2']);
    expect(queue.size).toBe(0);
  });

  it('holds a project once: an event moves it out of the bulk line, a bulk kick leaves it in the event line', () => {
    const queue = new KickQueue();
    expect(queue.add('p1', 'bulk')).toBe(true);
    expect(queue.add('p2', 'bulk')).toBe(true);
    expect(queue.add('p3', 'bulk')).toBe(true);
    expect(queue.add('p1', 'bulk')).toBe(false);
    // Kicked by an event while waiting in bulk: ahead of the pass, not twice.
    expect(queue.add('p3', 'event')).toBe(false);
    expect(queue.add('p4', 'event')).toBe(true);
    expect(queue.add('p4', 'bulk')).toBe(false);
    expect(queue.size).toBe(4);
    expect(drain(queue)).toEqual(['p3', 'p4', 'p1', 'p2']);
  });

  it('puts a project first in its line when asked, even one already waiting', () => {
    const queue = new KickQueue();
    queue.add('e1', 'event');
    queue.add('e2', 'event');
    queue.add('b1', 'bulk');
    queue.add('e2', 'event', true);
    queue.add('b1', 'event', true);
    queue.add('t1', 'event', true);
    expect(drain(queue)).toEqual(['t1', 'b1', 'e2', 'e1']);
  });

  it('never starves the bulk line: it gets one turn in four while events keep coming', () => {
    const queue = new KickQueue();
    for (let i = 0; i < 3; i++) queue.add(`b${i}`, 'bulk');
    const taken: string[] = [];
    for (let i = 0; i < 3 * TAKES_PER_BULK_TAKE; i++) {
      // A new event arrives before every take: the event line never empties.
      queue.add(`e${i}`, 'event');
      taken.push(queue.take()!);
    }
    const bulkTurns = taken
      .map((uid, index) => (uid.startsWith('b') ? index : -1))
      .filter(index => index >= 0);
    expect(bulkTurns).toEqual([
      TAKES_PER_BULK_TAKE - 1,
      2 * TAKES_PER_BULK_TAKE - 1,
      3 * TAKES_PER_BULK_TAKE - 1,
    ]);
    expect(taken.filter(uid => uid.startsWith('b'))).toEqual([
      'b0',
      'b1',
      'b2',
    ]);
  });

  it('answers whether a project waits, and forgets everything on clear', () => {
    const queue = new KickQueue();
    queue.add('p1', 'bulk');
    queue.add('p2', 'event');
    expect(queue.has('p1')).toBe(true);
    expect(queue.take()).toBe('p2');
    expect(queue.has('p2')).toBe(false);
    queue.clear();
    expect(queue.has('p1')).toBe(false);
    expect(queue.take()).toBeUndefined();
    expect(queue.size).toBe(0);
  });
});
