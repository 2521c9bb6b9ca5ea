import { parseLabelSelector } from './labelSelector';
import { ObjectIndex } from './ObjectIndex';

const pod = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
});

const names = (
  index: ObjectIndex,
  namespace: string | undefined,
  selector: string,
) =>
  index
    .select(namespace, parseLabelSelector(selector)!)
    .map(o => o.metadata?.name)
    .sort();

describe('ObjectIndex', () => {
  it('selects by namespace and labels, following changes and deletions', () => {
    const index = new ObjectIndex();
    index.set('a/one', pod('one', 'a', { app: 'x', tier: 'web' }));
    index.set('a/two', pod('two', 'a', { app: 'y', tier: 'web' }));
    index.set('b/one', pod('one', 'b', { app: 'x', tier: 'db' }));

    expect(names(index, undefined, 'app=x')).toEqual(['one', 'one']);
    expect(names(index, 'a', 'app=x')).toEqual(['one']);
    expect(names(index, 'a', 'tier=web,app!=x')).toEqual(['two']);
    expect(names(index, 'a', '')).toEqual(['one', 'two']);
    expect(names(index, 'c', '')).toEqual([]);

    // Labels changed: found by the new ones only.
    index.set('a/one', pod('one', 'a', { app: 'z', tier: 'web' }));
    expect(names(index, 'a', 'app=x')).toEqual([]);
    expect(names(index, 'a', 'app=z')).toEqual(['one']);

    index.delete('a/two');
    expect(names(index, 'a', 'tier=web')).toEqual(['one']);
    expect(index.size).toBe(2);
    index.clear();
    expect(names(index, undefined, '')).toEqual([]);
  });
});
