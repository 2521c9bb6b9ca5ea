import { DatabaseServerQueue } from './DatabaseServerQueue';

describe('DatabaseServerQueue', () => {
  it('lines projects up by their run, oldest first, and says how many are ahead', () => {
    const queue = new DatabaseServerQueue();
    expect(queue.join('a', { uid: 'p3', runId: 3 })).toBe(0);
    expect(queue.join('a', { uid: 'p1', runId: 1 })).toBe(0);
    expect(queue.join('a', { uid: 'p2', runId: 2 })).toBe(1);
    expect(queue.join('b', { uid: 'q9', runId: 9 })).toBe(0);
    // Joining again (a woken project that still found no room) keeps its place.
    expect(queue.join('a', { uid: 'p3', runId: 3 })).toBe(2);

    expect(queue.takeNext('a')).toBe('p1');
    expect(queue.takeNext('a')).toBe('p2');
    expect(queue.takeNext('b')).toBe('q9');
    expect(queue.takeNext('b')).toBeUndefined();
  });

  it('forgets a project that left, so that waking skips it', () => {
    const queue = new DatabaseServerQueue();
    queue.join('a', { uid: 'p1', runId: 1 });
    queue.join('a', { uid: 'p2', runId: 2 });
    queue.leave('p1');
    expect(queue.takeNext('a')).toBe('p2');
    expect(queue.takeNext('a')).toBeUndefined();
  });

  it('runs the steps of one server one after another, and of different servers side by side', async () => {
    const queue = new DatabaseServerQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue.exclusive('a', async () => {
      order.push('a1 start');
      await new Promise<void>(resolve => (release = resolve));
      order.push('a1 end');
    });
    const second = queue.exclusive('a', async () => {
      order.push('a2');
    });
    await queue.exclusive('b', async () => {
      order.push('b1');
    });
    expect(order).toEqual(['a1 start', 'b1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('goes on with the next step after one that failed', async () => {
    const queue = new DatabaseServerQueue();
    await expect(
      queue.exclusive('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(queue.exclusive('a', async () => 'next')).resolves.toBe(
      'next',
    );
  });
});
